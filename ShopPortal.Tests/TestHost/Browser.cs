using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ShopPortal.Tests.TestHost;

/// <summary>
/// Debian's Chromium driven by Playwright against the app on a real Kestrel port. Playwright's own browser
/// download is never used: tests run where `.ci/deps` installed /usr/bin/chromium.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        this.browser = browser;
    }

    public static async Task<Browser> LaunchAsync()
    {
        const string chromium = "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new AssertFailedException($"{chromium} is missing: run .ci/deps (the README's test command does).");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ChromiumArgs });
        return new Browser(playwright, browser);
    }

    /// <summary>
    /// A fresh browser profile emulating a phone (touch, small screen, mobile user agent); <paramref name="session"/> is
    /// the cookies of an earlier profile (<see cref="IBrowserContext.StorageStateAsync"/>), to start signed in.
    /// </summary>
    public async Task<IPage> PhoneAsync(string baseUrl, string device = "Pixel 7", string? session = null, bool landscape = false, int? width = null)
    {
        var options = new BrowserNewContextOptions(playwright.Devices[device]) { BaseURL = baseUrl, StorageState = session };
        if (width is { } narrow)
        {
            options.ViewportSize = new() { Width = narrow, Height = options.ViewportSize!.Height };
        }
        if (landscape)
        {
            options.ViewportSize = new() { Width = options.ViewportSize!.Height, Height = options.ViewportSize.Width };
            options.ScreenSize = new() { Width = options.ScreenSize!.Height, Height = options.ScreenSize.Width };
        }
        var context = await browser.NewContextAsync(options);
        return await context.NewPageAsync();
    }

    public async Task<IPage> DesktopAsync(string baseUrl)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}

public static class BrowserKit
{
    /// <summary>Starts the app on a loopback Kestrel port and returns its address.</summary>
    public static string StartKestrel(this TestApp app)
    {
        app.UseKestrel(0);
        app.StartServer();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var address = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
        app.KestrelAddress = new Uri(address);
        return address;
    }

    public static async Task SignInAsync(this IPage page, string email = TestApp.ManagerEmail, string password = TestApp.Password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
    }

    /// <summary>Saves a full-page screenshot as a test artifact (TestResults/screenshots).</summary>
    public static async Task ScreenshotAsync(this IPage page, TestContext context, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.GetFullPath(Path.Combine(folder, name + ".png"));
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        context.AddResultFile(path);
    }

    /// <summary>Draws a zig-zag on the signature pad with a finger: touch input, as the phone's screen sends it.</summary>
    public static async Task DrawSignatureWithFingerAsync(this IPage page)
    {
        var pad = page.GetByRole(AriaRole.Img, new() { Name = "Signature" });
        await pad.ScrollIntoViewIfNeededAsync();
        var box = await pad.BoundingBoxAsync() ?? throw new AssertFailedException("The signature pad is not visible.");
        var touch = await page.Context.NewCDPSessionAsync(page);
        async Task TouchAsync(string type, params (float X, float Y)[] points) =>
            await touch.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object>
            {
                ["type"] = type,
                ["touchPoints"] = points.Select(p => new Dictionary<string, object> { ["x"] = p.X, ["y"] = p.Y }).ToArray(),
            });
        await TouchAsync("touchStart", (box.X + 20, box.Y + box.Height * 0.7f));
        for (var i = 1; i <= 12; i++)
        {
            await TouchAsync("touchMove", (box.X + 20 + i * (box.Width - 40) / 12, box.Y + box.Height * (i % 2 == 0 ? 0.7f : 0.3f)));
        }
        // The finger rests before it lifts: lifted while still moving, Chromium takes the next tap as the one that stops a fling.
        await Task.Delay(200);
        await TouchAsync("touchMove", (box.X + box.Width - 20, box.Y + box.Height * 0.7f));
        await TouchAsync("touchEnd");
        await touch.DetachAsync();
    }

    /// <summary>Taps the middle of an element on the touch screen.</summary>
    public static async Task TapAsync(this IPage page, ILocator target)
    {
        await target.ScrollIntoViewIfNeededAsync();
        var box = await target.BoundingBoxAsync() ?? throw new AssertFailedException($"{target} is not visible.");
        await page.Touchscreen.TapAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
    }

    /// <summary>Presses Tab until <paramref name="target"/> has the focus, as a keyboard user would; fails if it never does.</summary>
    public static async Task TabToAsync(this IPage page, ILocator target, int maxPresses = 80)
    {
        for (var i = 0; i < maxPresses; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }
        }
        throw new AssertFailedException($"{target} was not reached with {maxPresses} presses of Tab.");
    }

    /// <summary>Draws a zig-zag on the signature pad with the pointer, as a finger or mouse would.</summary>
    public static async Task DrawSignatureAsync(this IPage page)
    {
        var pad = page.GetByRole(AriaRole.Img, new() { Name = "Signature" });
        await pad.ScrollIntoViewIfNeededAsync();
        var box = await pad.BoundingBoxAsync() ?? throw new AssertFailedException("The signature pad is not visible.");
        await page.Mouse.MoveAsync(box.X + 20, box.Y + box.Height * 0.7f);
        await page.Mouse.DownAsync();
        for (var i = 1; i <= 12; i++)
        {
            await page.Mouse.MoveAsync(box.X + 20 + i * (box.Width - 40) / 12, box.Y + box.Height * (i % 2 == 0 ? 0.7f : 0.3f), new() { Steps = 3 });
        }
        await page.Mouse.UpAsync();
    }
}
