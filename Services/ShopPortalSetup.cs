using System.Globalization;
using System.IO.Compression;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Services.Backup;
using ShopPortal.Services.Email;
using ShopPortal.Services.Portal;

namespace ShopPortal.Services;

/// <summary>The app's composition: service registrations and the request pipeline.</summary>
public static class ShopPortalSetup
{
    public const string ManagerOnly = "ManagerOnly";

    // ResendEmailConfirmation too: managers create accounts confirmed, and the page would let anyone have the server
    // mail any staff address again and again.
    private static readonly string[] RemovedIdentityPages =
        ["/Account/Login", "/Account/Register", "/Account/RegisterConfirmation", "/Account/ExternalLogin", "/Account/Manage/DeletePersonalData",
            "/Account/ResendEmailConfirmation"];

    public static WebApplicationBuilder AddShopPortal(this WebApplicationBuilder builder)
    {
        // One culture for numbers and dates whatever the server's locale: forms post "12.50", pages show "12.50".
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.GetCultureInfo("en-US");
        var services = builder.Services;
        // Request lines carry portal tokens in their path: never log them, whatever the configured level.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Mvc", LogLevel.Warning);
        // The Identity UI's stylesheet and scripts come from its package as static web assets: served from the
        // package in a build (whatever the environment), from wwwroot once published (where this does nothing).
        builder.WebHost.UseStaticWebAssets();
        var configuration = builder.Configuration;
        // Every emailed link starts with it: a typo here would send customers links that open nothing.
        if (configuration["Portal:PublicBaseUrl"] is { Length: > 0 } publicBaseUrl
            && !PublicAddress.IsValid(publicBaseUrl))
        {
            throw new InvalidOperationException($"Portal:PublicBaseUrl must be the full http:// or https:// address customers use, such as https://portal.example.com, not '{publicBaseUrl}'.");
        }
        var dataDirectory = DataDirectory.FromConfiguration(configuration, builder.Environment.ContentRootPath);
        services.AddSingleton(dataDirectory);
        services.AddSingleton(TimeProvider.System);

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = dataDirectory.DatabasePath,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        services.AddSingleton<WorkOrderChanges>();
        services.AddSingleton<StaffSessions>();
        services.AddSingleton<ChangeInterceptor>();
        services.AddSingleton<CommitInterceptor>();
        // Pooled contexts with options built once: every portal request needs one, and building options per
        // request showed up in profiles as lock contention inside EF Core's service provider cache.
        services.AddDbContextPool<ShopDbContext>((provider, options) => options.UseSqlite(connectionString)
            .AddInterceptors(new SqliteBusyTimeout(), new SqliteUnicodeLike(), provider.GetRequiredService<ChangeInterceptor>(), provider.GetRequiredService<CommitInterceptor>()));

        services.AddDataProtection()
            .SetApplicationName("ShopPortal")
            .PersistKeysToFileSystem(new DirectoryInfo(dataDirectory.KeysPath));

        services.AddDefaultIdentity<ShopUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = configuration.GetValue("Security:MaxFailedSignIns", 5);
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(configuration.GetValue("Security:LockoutMinutes", 15));
            })
            .AddRoles<IdentityRole>()
            .AddErrorDescriber<ShopIdentityErrors>()
            .AddEntityFrameworkStores<ShopDbContext>()
            .AddUserManager<ShopUserManager>()
            .AddSignInManager<LockoutSignInManager>()
            .AddClaimsPrincipalFactory<ShopClaimsFactory>();

        // The stock antiforgery cookie is SameSite=Strict: a portal link opened from webmail (another site)
        // arrives without it and is given a new one, which voids the forms of every portal tab already open.
        // Lax sends it on such a top-level visit; the token in each form still guards every post.
        services.AddAntiforgery(options => options.Cookie.SameSite = SameSiteMode.Lax);

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "ShopPortal.Auth";
            options.LoginPath = "/Account/Login";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;
            options.Events.OnValidatePrincipal = StaffSessions.ValidateAsync;
            // A signed-in user without the right role gets a real 403 (rendered by the status code page),
            // not a 302 to a page that answers 200.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ManagerOnly, policy => policy.RequireRole(Roles.Manager));

        services.AddRazorPages(options =>
        {
            var pages = options.Conventions;
            pages.AllowAnonymousToPage("/Setup/Index");
            pages.AllowAnonymousToPage("/Error");
            pages.AllowAnonymousToFolder("/Portal");
            pages.AddFolderApplicationModelConvention("/Portal", model => model.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimits.Portal)));
            pages.AddPageApplicationModelConvention("/Account/Login", model => model.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimits.SignIn)));
            pages.AddAreaPageApplicationModelConvention("Identity", "/Account/ForgotPassword",
                model => model.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimits.ForgotPassword)));
            foreach (var page in PublicOriginFilter.LinkSendingPages)
            {
                pages.AddAreaPageApplicationModelConvention("Identity", page, model => model.Filters.Add(new PublicOriginFilter()));
            }
            pages.AddAreaFolderApplicationModelConvention("Identity", "/Account/Manage", model => model.Filters.Add(new OwnSessionFilter()));
            foreach (var (page, reason) in TwoFactorOnlyFilter.Pages)
            {
                pages.AddAreaPageApplicationModelConvention("Identity", page, model => model.Filters.Add(new TwoFactorOnlyFilter(reason)));
            }
            // Our sign-in page also answers at the Identity UI's address, which bookmarks and its own pages use.
            pages.AddPageRoute("/Account/Login", "/Identity/Account/Login");
            pages.AuthorizeFolder("/Team", ManagerOnly);
            pages.AuthorizeFolder("/Settings", ManagerOnly);
            pages.AuthorizeFolder("/Outbox", ManagerOnly);
            pages.AuthorizePage("/WorkOrders/Email", ManagerOnly);
            // Staff accounts are made by managers on the Team page: the self-service pages that create
            // or delete accounts do not exist (404), whoever asks. Sign-in is our own page (Pages/Account).
            foreach (var page in RemovedIdentityPages)
            {
                pages.AddAreaPageRouteModelConvention("Identity", page, model => model.Selectors.Clear());
            }
        }).AddMvcOptions(options =>
        {
            options.Filters.Add(new UnknownHandlerFilter());
            options.Filters.Add(new LocalReturnUrlFilter());
            LineBreakBinderProvider.Register(options);
            DecimalBinderProvider.Register(options);
        });

        IdentityUiLayout.Register(services);
        SlotAwareAntiforgery.Register(services);
        services.AddMemoryCache();
        services.AddSingleton<PortalTokens>();
        services.AddSingleton<PortalAccessCache>();
        services.AddSingleton<PortalViews>();
        services.AddScoped<PortalAccessResolver>();
        services.AddScoped<PortalLinks>();
        services.AddSingleton<ReadModelCache>();
        services.AddScoped<PortalWorkOrders>();
        services.AddSingleton<DecisionWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<DecisionWriter>());
        services.AddScoped<CustomerApprovals>();
        services.AddScoped<Comments>();
        services.AddScoped<WorkAuthorizations>();
        services.AddSingleton<ShopProfile>();
        services.Configure<SmtpOptions>(configuration.GetSection("Smtp"));
        if (configuration.GetSection("Smtp").Get<SmtpOptions>()?.Configured == true)
        {
            services.AddSingleton<IMailTransport, SmtpMailTransport>();
        }
        else
        {
            services.AddSingleton<IMailTransport, PickupFolderTransport>();
        }
        services.AddScoped<EmailOutbox>();
        services.AddScoped<EmailDelivery>();
        services.AddScoped<PortalInvitations>();
        services.AddSingleton<CustomerNotifications>();
        services.AddScoped<CustomerNotificationJob>();
        services.AddScoped<PortalKeyCleanup>();
        services.AddTransient<IEmailSender, IdentityEmailSender>();
        services.AddShopJobs(configuration);
        services.AddSingleton<SetupState>();
        services.AddScoped<WorkOrderNumbers>();
        services.AddScoped<Pdf.WorkOrderDocuments>();
        services.AddSingleton<ShopBackup>();
        services.AddHealthChecks();
        services.AddHostedService<NativeMemoryTrim>();
        services.AddShopRateLimits(configuration);
        // Customers are on phones: pages go out compressed, at the fastest level (a few percent larger than
        // the best, at a fraction of the CPU). Static files are precompressed at build time instead.
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        return builder;
    }

    public static WebApplication UseShopPortal(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            // Sent only over HTTPS (usually terminated by the reverse proxy, see ForwardedHeaders).
            app.UseHsts();
        }
        app.UseForwardedHeaders();
        app.UseResponseCompression();
        app.UseStatusCodePagesWithReExecute("/Error/{0}");
        app.UseMiddleware<SecurityHeaders>();

        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<FirstRunRedirect>();
        app.UseAuthorization();

        var assets = app.MapStaticAssets();
        assets.AllowAnonymous();
        // A fingerprinted address never changes content: cache it for a year in every build. (Release builds
        // already say so; development builds say no-cache, which would hide what customers' phones get.)
        assets.Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<StaticAssetDescriptor>().FirstOrDefault() is { } asset
                && asset.Properties.FirstOrDefault(p => p.Name == "fingerprint")?.Value is { } fingerprint
                && asset.Route.Contains($".{fingerprint}.", StringComparison.Ordinal)
                && endpoint.RequestDelegate is { } serve)
            {
                endpoint.RequestDelegate = context =>
                {
                    context.Response.OnStarting(() =>
                    {
                        context.Response.Headers.CacheControl = "max-age=31536000, immutable";
                        return Task.CompletedTask;
                    });
                    return serve(context);
                };
            }
        });
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new ManagerDashboardAuthorization()],
            DashboardTitle = "ShopPortal jobs",
            AppPath = "/WorkOrders",
        }).RequireAuthorization(ManagerOnly);
        app.MapRazorPages().WithStaticAssets();
        // An address that matches nothing is a plain 404 for everyone; without this the fallback
        // policy would send anonymous visitors to sign-in, hinting that the page exists.
        app.MapFallback("{*path}", context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }).AllowAnonymous();
        return app;
    }
}
