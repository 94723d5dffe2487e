using System.Diagnostics;
using System.Net;

namespace ShopPortal.Tests.TestHost;

/// <summary>The app as a real process on a loopback port (for crash tests: <see cref="Crash"/> is kill -9).</summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output;

    private AppProcess(Process process, Uri address, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        this.process = process;
        this.output = output;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Settings that create <see cref="TestApp.ManagerEmail"/> at start-up, as an unattended install would.</summary>
    public static readonly IReadOnlyDictionary<string, string> BootstrapManager = new Dictionary<string, string>
    {
        ["Bootstrap__ManagerEmail"] = TestApp.ManagerEmail,
        ["Bootstrap__ManagerPassword"] = TestApp.Password,
    };

    public static async Task<AppProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = SmtpServer.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ShopPortal.dll"));
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_CONTENTROOT"] = AppContext.BaseDirectory;
        start.Environment["DataDirectory"] = dataDirectory;
        start.Environment["Portal__PublicBaseUrl"] = address.ToString().TrimEnd('/');
        start.Environment["RateLimits__Enabled"] = "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new AssertFailedException("Could not start the app.");
        // Keep the output (for failure messages) and drain the pipes so the process never blocks on them.
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        process.ErrorDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.WaitAsync(async () =>
        {
            try
            {
                return (await probe.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return process.HasExited ? throw new AssertFailedException("The app exited at start-up: " + string.Join('\n', output)) : false;
            }
        }, ok => ok, "the app to answer /healthz", seconds: 90);
        return new AppProcess(process, address, output);
    }

    /// <summary>What the app wrote to its console so far.</summary>
    public string Output => string.Join('\n', output);

    /// <summary>A browser-like client signed in as the bootstrap manager through the sign-in page.</summary>
    public async Task<HttpClient> SignInManagerAsync()
    {
        var client = Client(followRedirects: true);
        var login = await client.GetPageAsync("/Account/Login");
        await client.SubmitAsync(login.Form("form#account"), new() { ["Input.Email"] = TestApp.ManagerEmail, ["Input.Password"] = TestApp.Password });
        return client;
    }

    public HttpClient Client(bool followRedirects = false) =>
        new(new HttpClientHandler { AllowAutoRedirect = followRedirects, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = Address };

    /// <summary>SIGKILL: no shutdown, no flushing, no goodbye.</summary>
    public void Crash()
    {
        process.Kill();
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process.Dispose();
    }
}
