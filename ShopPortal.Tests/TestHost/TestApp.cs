using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using ShopPortal.Data;

namespace ShopPortal.Tests.TestHost;

/// <summary>
/// The real app over a fresh temporary data folder: a real SQLite file, real migrations, real Identity.
/// By default a manager exists (created through the Bootstrap settings, as an unattended install would).
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    public const string ManagerEmail = "manager@shop.test";
    public const string TechnicianEmail = "tech@shop.test";
    public const string Password = "Correct-Horse-9";

    private readonly Dictionary<string, string?> settings;
    private readonly bool ownsDataDirectory;

    public TestApp(bool withManager = true, IDictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? TempFolder.Create("shopportal-test");
        this.settings = new Dictionary<string, string?>
        {
            ["DataDirectory"] = DataDirectory,
            ["Portal:PublicBaseUrl"] = "https://portal.shop.test",
            // Tests talk from one address at machine speed; the rate limit tests turn the limits back on.
            ["RateLimits:Enabled"] = "false",
        };
        if (withManager)
        {
            this.settings["Bootstrap:ManagerEmail"] = ManagerEmail;
            this.settings["Bootstrap:ManagerPassword"] = Password;
            this.settings["Bootstrap:ManagerName"] = "Morgan Manager";
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }
    }

    public string DataDirectory { get; }

    /// <summary>Real time plus an offset the test can move forward: expiry without sleeping.</summary>
    public TestClock Clock { get; } = new();

    private ILoggerProvider? logSink;

    /// <summary>Sends the app's logs to <paramref name="sink"/> too, with every category at Information and up.</summary>
    public TestApp WithLogging(ILoggerProvider sink)
    {
        logSink = sink;
        settings["Logging:LogLevel:Default"] = "Information";
        settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Information";
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Production mode would look for published assets (precompressed .gz/.br beside wwwroot); the build
        // output's static web assets manifest is what `dotnet run` and the tests have.
        builder.UseStaticWebAssets();
        if (logSink is not null)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(logSink));
        }
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    /// <summary>The app's loopback address once <see cref="BrowserKit.StartKestrel"/> put it on a real port.</summary>
    public Uri? KestrelAddress { get; set; }

    /// <summary>A client with its own cookies, as a browser: to the in-memory server, or over loopback to Kestrel once started.</summary>
    public HttpClient CreateBrowserClient(bool followRedirects = true) =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects, BaseAddress = KestrelAddress ?? new Uri("https://localhost") });

    public async Task<HttpClient> SignInAsync(string email = ManagerEmail, string password = Password, bool followRedirects = true)
    {
        var client = CreateBrowserClient(followRedirects);
        var page = await client.GetPageAsync("/Account/Login");
        var response = await client.SubmitAsync(page.Form("form#account"), new() { ["Input.Email"] = email, ["Input.Password"] = password });
        if (!followRedirects)
        {
            Assert.AreEqual(System.Net.HttpStatusCode.Redirect, response.StatusCode, $"Sign-in as {email} failed.");
        }
        else
        {
            var landed = response.RequestMessage!.RequestUri!.AbsolutePath;
            Assert.IsFalse(landed.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase) || landed.Contains("/Account/Lockout", StringComparison.OrdinalIgnoreCase),
                $"Sign-in as {email} failed.");
        }
        return client;
    }

    public async Task<string> CreateStaffAsync(string email, string role, string name = "Terry Technician")
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
        var user = new ShopUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
        var result = await users.CreateAsync(user, Password);
        Assert.IsTrue(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return user.Id;
    }

    public async Task<T> WithDbAsync<T>(Func<ShopDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ShopDbContext>());
    }

    public Task WithDbAsync(Func<ShopDbContext, Task> action) => WithDbAsync(async db => { await action(db); return true; });

    public async Task LoadSampleDataAsync()
    {
        var loaded = await WithDbAsync(db => SampleData.LoadIfEmptyAsync(db, Clock));
        Assert.IsTrue(loaded);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsDataDirectory)
        {
            TempFolder.Delete(DataDirectory);
        }
    }
}

public sealed class TestClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}

public static class TempFolder
{
    public static string Create(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a background thread; the OS temp cleaner will take it.
        }
    }
}
