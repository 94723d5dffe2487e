using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Foundation;

/// <summary>
/// The Identity UI pages kept from the default UI render in the shop's layout, with nothing loaded from outside the
/// server, and lead nowhere unexpected.
/// </summary>
[TestClass]
public sealed class AccountPageTests
{
    [TestMethod]
    [DataRow("/Identity/Account/ForgotPassword")]
    [DataRow("/Identity/Account/ForgotPasswordConfirmation")]
    [DataRow("/Identity/Account/Lockout")]
    [DataRow("/Identity/Account/ResetPasswordConfirmation")]
    public async Task Anonymous_account_pages_render(string path)
    {
        using var app = new TestApp();
        var page = await app.CreateBrowserClient().GetPageAsync(path);
        Assert.AreEqual(HttpStatusCode.OK, page.Status, path);
        Assert.IsNull(page.Document.QuerySelector("a[href*='Register']"));
        AssertServedLocally(page);
    }

    [TestMethod]
    [DataRow("/Identity/Account/Manage")]
    [DataRow("/Identity/Account/Manage/ChangePassword")]
    [DataRow("/Identity/Account/Manage/TwoFactorAuthentication")]
    [DataRow("/Identity/Account/Manage/EnableAuthenticator")]
    public async Task Signed_in_account_pages_render(string path)
    {
        using var app = new TestApp();
        var page = await (await app.SignInAsync()).GetPageAsync(path);
        Assert.AreEqual(HttpStatusCode.OK, page.Status, path);
        StringAssert.Contains(page.Document.QuerySelector("nav")!.TextContent, "Work orders", "The shop's own navigation.");
        Assert.IsNull(page.Document.QuerySelector("a[href*='DeletePersonalData']"), "Deleting one's own account is not offered.");
        AssertServedLocally(page);
    }

    [TestMethod]
    [DataRow("/Identity/Account/Manage/GenerateRecoveryCodes", "Recovery codes come with two-factor sign-in, which is off for your account: set up an authenticator app first.")]
    [DataRow("/Identity/Account/Manage/Disable2fa", "Two-factor sign-in is already off for your account.")]
    public async Task Two_factor_pages_send_an_account_without_it_to_the_two_factor_page_with_the_reason(string path, string reason)
    {
        using var app = new TestApp();
        var client = await app.SignInAsync();
        var stamp = await app.WithDbAsync(db => db.Users.Where(u => u.Email == TestApp.ManagerEmail).Select(u => u.SecurityStamp).SingleAsync());

        var opened = await client.GetPageAsync(path);
        // Any of the account pages' forms carries the antiforgery token a post needs.
        var form = (await client.GetPageAsync("/Identity/Account/Manage/ChangePassword")).Form("form#change-password-form");
        form.Action = path;
        var posted = await client.SubmitPageAsync(form);

        foreach (var page in new[] { opened, posted })
        {
            Assert.AreEqual(HttpStatusCode.OK, page.Status, path);
            Assert.AreEqual("/Identity/Account/Manage/TwoFactorAuthentication", page.Url.AbsolutePath);
            StringAssert.Contains(page.Text, reason);
        }
        Assert.IsFalse(await app.WithDbAsync(db => db.UserTokens.AnyAsync()), "No recovery codes were made.");
        Assert.AreEqual(stamp, await app.WithDbAsync(db => db.Users.Where(u => u.Email == TestApp.ManagerEmail).Select(u => u.SecurityStamp).SingleAsync()));
    }

    [TestMethod]
    public async Task Staff_pages_carry_an_icon_the_browser_can_load()
    {
        using var app = new TestApp();
        var client = await app.SignInAsync();
        var page = await client.GetPageAsync("/WorkOrders");
        var href = page.Document.QuerySelector("link[rel=icon]")?.GetAttribute("href") ?? throw new AssertFailedException("No icon: browsers ask for /favicon.ico and log a 404.");
        var icon = await client.GetAsync(href);
        Assert.AreEqual(HttpStatusCode.OK, icon.StatusCode, href);
        Assert.AreEqual("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        StringAssert.StartsWith(await icon.Content.ReadAsStringAsync(), "<svg");
    }

    private static void AssertServedLocally(HtmlPage page)
    {
        var external = page.Document.QuerySelectorAll("link[href], script[src]")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!)
            .Where(url => url.Contains("//", StringComparison.Ordinal))
            .ToList();
        Assert.IsEmpty(external, string.Join(", ", external));
    }

    [TestMethod]
    public async Task A_locked_out_user_sees_the_lockout_page()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Security:MaxFailedSignIns"] = "2" });
        var client = app.CreateBrowserClient();
        HtmlPage page = null!;
        for (var i = 0; i < 3; i++)
        {
            var login = await client.GetPageAsync("/Account/Login");
            page = await client.SubmitPageAsync(login.Form("form#account"), new() { ["Input.Email"] = TestApp.ManagerEmail, ["Input.Password"] = "nope" });
        }
        Assert.AreEqual(HttpStatusCode.OK, page.Status);
        StringAssert.Contains(page.Text, "Locked out");
    }
}
