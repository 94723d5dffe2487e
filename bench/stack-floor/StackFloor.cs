// The stack floor: the benchmark anchor (../shared/bench/anchor), its Program.cs untouched, with the libraries
// DESIGN.md fixes for ShopPortal added through this hosting startup and used once each: Identity on EF Core (one
// account created and its password checked, and its sign-in cookie read on every request), Hangfire with its in-memory
// storage (one job run), MimeKit (one message written) and SkiaSharp (one PDF, drawn with ShopPortal's font by the
// first request and then served from memory, as ShopPortal serves its PDFs). bench/stack-floor.sh builds it at
// ShopPortal's package versions and memory settings (StackFloor.csproj) and measures its peak memory under
// bench/run.sh's load: what the fixed stack costs before any of ShopPortal's own code.
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using SkiaSharp;

[assembly: HostingStartup(typeof(StackFloor.Stack))]

namespace StackFloor;

public sealed class Stack : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"stack-floor-{Environment.ProcessId}.db");
        services.AddDbContext<Accounts>(o => o.UseSqlite($"Data Source={path}"));
        services.AddDefaultIdentity<IdentityUser>().AddEntityFrameworkStores<Accounts>();
        services.AddHangfire(c => c.UseInMemoryStorage());
        services.AddHangfireServer();
        services.AddHostedService<UseOnce>();
        services.AddTransient<IStartupFilter, Pipeline>();
    });
}

public sealed class Accounts(DbContextOptions<Accounts> options) : IdentityDbContext(options);

/// <summary>At start-up, one account created and signed in to by password, and one job that writes an email.</summary>
public sealed class UseOnce(IServiceScopeFactory scopes, IBackgroundJobClient jobs) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<Accounts>();
        // A throwaway database for one account, deleted with the temporary folder; the anchor makes its own the same way.
        await accounts.Database.EnsureDeletedAsync(cancellationToken);
        await accounts.Database.EnsureCreatedAsync(cancellationToken);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = new IdentityUser { UserName = "manager@shop.test", Email = "manager@shop.test" };
        await users.CreateAsync(user, "Floor-Passw0rd!");
        await users.CheckPasswordAsync(user, "Floor-Passw0rd!");
        jobs.Enqueue(() => Mail.Write("Your estimate is ready"));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Authentication on every request, and the PDF at /pdf, ahead of the anchor's own pipeline.</summary>
public sealed class Pipeline : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // Drawn once, by the first request, however many arrive together (ShopPortal renders each version's PDF once).
        var pdf = new Lazy<byte[]>(() => Estimate.Draw("WO-1001"));
        app.UseAuthentication();
        app.Map("/pdf", branch => branch.Run(context =>
        {
            context.Response.ContentType = "application/pdf";
            return context.Response.Body.WriteAsync(pdf.Value).AsTask();
        }));
        next(app);
    };
}

public static class Mail
{
    public static void Write(string subject)
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(new MailboxAddress("Shop", "shop@shop.test"));
        message.To.Add(new MailboxAddress("Customer", "customer@shop.test"));
        message.Body = new TextPart("plain") { Text = subject };
        message.WriteTo(Stream.Null);
    }
}

public static class Estimate
{
    public static byte[] Draw(string order)
    {
        using var font = typeof(Estimate).Assembly.GetManifestResourceStream("StackFloor.DejaVuSans.ttf")!;
        using var typeface = SKTypeface.FromStream(font);
        using var text = new SKFont(typeface, 11);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream))
        {
            var canvas = document.BeginPage(612, 792);
            canvas.DrawText($"Estimate {order}", 54, 60, text, ink);
            for (var i = 1; i <= 20; i++)
            {
                canvas.DrawText($"{i}. Inspect and repair item {i} per maintenance manual", 54, 80 + i * 16, text, ink);
            }
            document.EndPage();
        }
        return stream.ToArray();
    }
}
