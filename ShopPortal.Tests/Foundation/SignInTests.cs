using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Services;
using ShopPortal.Services.Email;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Foundation;

[TestClass]
public sealed class SignInTests
{
    [TestMethod]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        using var app = new TestApp();
        var response = await app.CreateBrowserClient(followRedirects: false).GetAsync("/WorkOrders");
        Assert.AreEqual(HttpStatusCode.Redirect, response.StatusCode);
        StringAssert.StartsWith(response.Headers.Location!.AbsolutePath, "/Account/Login");
    }

    [TestMethod]
    public async Task Manager_signs_in_and_sees_the_work_orders()
    {
        using var app = new TestApp();
        var client = await app.SignInAsync();
        var page = await client.GetPageAsync("/WorkOrders");
        Assert.AreEqual(HttpStatusCode.OK, page.Status);
        StringAssert.Contains(page.Text, "Work orders");
        StringAssert.Contains(page.Text, "Team", "Managers see the Team link.");
    }

    [TestMethod]
    public async Task Signing_in_and_out_go_back_to_the_shops_own_pages_only()
    {
        using var app = new TestApp();
        foreach (var (returnUrl, expected) in new[] { ("/WorkOrders?q=WO", "/WorkOrders?q=WO"), ("https://evil.example/", "/"), ("//evil.example/", "/") })
        {
            var client = app.CreateBrowserClient(followRedirects: false);
            var login = await client.GetPageAsync("/Account/Login?returnUrl=" + Uri.EscapeDataString(returnUrl));
            var response = await client.SubmitAsync(login.Form("form#account"), new() { ["Input.Email"] = TestApp.ManagerEmail, ["Input.Password"] = TestApp.Password });
            Assert.AreEqual(HttpStatusCode.Redirect, response.StatusCode, returnUrl);
            Assert.AreEqual(expected, response.Headers.Location!.OriginalString, $"Signed in from {returnUrl}.");
        }

        var manager = await app.SignInAsync(followRedirects: false);
        var page = await manager.GetPageAsync("/WorkOrders");
        var signOut = page.Form("form[action*='/Identity/Account/Logout']");
        signOut.Action = "/Identity/Account/Logout?returnUrl=" + Uri.EscapeDataString("https://evil.example/");
        var signedOut = await manager.SubmitAsync(signOut);
        Assert.AreEqual(HttpStatusCode.Redirect, signedOut.StatusCode, "Not an error page.");
        StringAssert.StartsWith(signedOut.Headers.Location!.OriginalString, "/Identity/Account/Logout", "The signed-out page, not the other site.");
        var after = await manager.GetAsync("/WorkOrders");
        Assert.AreEqual(HttpStatusCode.Redirect, after.StatusCode, "Signed out for real.");
        StringAssert.StartsWith(after.Headers.Location!.AbsolutePath, "/Account/Login");
    }

    [TestMethod]
    public async Task Wrong_password_does_not_sign_in()
    {
        using var app = new TestApp();
        var client = app.CreateBrowserClient();
        var login = await client.GetPageAsync("/Account/Login");
        var page = await client.SubmitPageAsync(login.Form("form#account"), new() { ["Input.Email"] = TestApp.ManagerEmail, ["Input.Password"] = "wrong-password" });
        StringAssert.Contains(page.Text, "Invalid login attempt");
        Assert.AreEqual(HttpStatusCode.Redirect, (await app.CreateBrowserClient(false).GetAsync("/WorkOrders")).StatusCode);
    }

    [TestMethod]
    public async Task Failed_sign_ins_lock_the_account_out()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Security:MaxFailedSignIns"] = "3" });
        var client = app.CreateBrowserClient();
        for (var i = 0; i < 3; i++)
        {
            var login = await client.GetPageAsync("/Account/Login");
            await client.SubmitAsync(login.Form("form#account"), new() { ["Input.Email"] = TestApp.ManagerEmail, ["Input.Password"] = "guess-" + i });
        }

        var last = await client.GetPageAsync("/Account/Login");
        var page = await client.SubmitPageAsync(last.Form("form#account"), new() { ["Input.Email"] = TestApp.ManagerEmail, ["Input.Password"] = TestApp.Password });
        Assert.AreEqual("/Identity/Account/Lockout", page.Url.AbsolutePath, "Even the right password is refused while locked out.");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task Self_registration_and_confirmation_resends_do_not_exist(bool signedIn)
    {
        using var app = new TestApp();
        var client = signedIn ? await app.SignInAsync() : app.CreateBrowserClient();
        foreach (var path in new[] { "/Identity/Account/Register", "/Identity/Account/RegisterConfirmation", "/Identity/Account/ResendEmailConfirmation" })
        {
            Assert.AreEqual(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode, path);
        }
        var login = await client.GetPageAsync("/Account/Login");
        Assert.IsNull(login.Document.QuerySelector("a[href*='Register']"), "The sign-in page offers no registration link.");
    }

    [TestMethod]
    [DataRow("/Team")]
    [DataRow("/Settings")]
    public async Task Technician_is_refused_manager_pages(string path)
    {
        using var app = new TestApp();
        await app.CreateStaffAsync(TestApp.TechnicianEmail, Roles.Technician);
        var client = await app.SignInAsync(TestApp.TechnicianEmail);

        var page = await client.GetPageAsync(path);
        Assert.AreEqual(HttpStatusCode.Forbidden, page.Status);
        StringAssert.Contains(page.Text, "Access denied");
        var home = await client.GetPageAsync("/WorkOrders");
        Assert.IsNull(home.Document.QuerySelector("a[href='/Team']"), "Technicians do not see the Team link.");
    }

    [TestMethod]
    public async Task A_manager_who_forgot_the_password_gets_the_shops_email_and_its_link_sets_a_new_one_once()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var shopName = await app.WithDbAsync(db => db.ShopSettings.Select(s => s.ShopName).SingleAsync());
        var visitor = app.CreateBrowserClient();
        var forgot = await visitor.GetPageAsync("/Identity/Account/ForgotPassword");
        await visitor.SubmitAsync(forgot.Form("form[method=post]"), new() { ["Input.Email"] = TestApp.ManagerEmail });

        var email = await app.WithDbAsync(db => db.OutboxEmails.SingleAsync(e => e.Kind == OutboxEmailKind.Account));
        Assert.AreEqual(TestApp.ManagerEmail, email.To);
        Assert.AreEqual($"{shopName}: reset your password", email.Subject);
        StringAssert.Contains(email.TextBody, $"asked to reset the password of your {shopName} staff account.");
        StringAssert.Contains(email.TextBody, "If you did not ask for it, ignore this email: your password stays as it is.");
        var link = email.TextBody.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("https://portal.shop.test/Identity/Account/ResetPassword?code=", StringComparison.Ordinal));
        StringAssert.Contains(email.HtmlBody, $"href=\"{System.Net.WebUtility.HtmlEncode(link)}\"");
        StringAssert.Contains(email.HtmlBody, ">Choose a new password</a>");

        var reset = await visitor.GetPageAsync(new Uri(link).PathAndQuery);
        var fields = new Dictionary<string, string> { ["Input.Email"] = TestApp.ManagerEmail, ["Input.Password"] = "Fresh-Start-2026", ["Input.ConfirmPassword"] = "Fresh-Start-2026" };
        var done = await visitor.SubmitPageAsync(reset.Form("form[method=post]"), fields);
        Assert.AreEqual("/Identity/Account/ResetPasswordConfirmation", done.Url.AbsolutePath);
        await app.SignInAsync(password: "Fresh-Start-2026");

        var again = await visitor.GetPageAsync(new Uri(link).PathAndQuery);
        var refused = await visitor.SubmitPageAsync(again.Form("form[method=post]"), new(fields) { ["Input.Password"] = "Second-Try-2026", ["Input.ConfirmPassword"] = "Second-Try-2026" });
        StringAssert.Contains(refused.Text, "Invalid token.");
        await app.SignInAsync(password: "Fresh-Start-2026");
    }

    [TestMethod]
    [DataRow(3, DisplayName = "Locked out")]
    [DataRow(2, DisplayName = "Two failed sign-ins")]
    public async Task A_password_reset_from_the_email_ends_the_lockout_and_forgets_the_failed_sign_ins(int failures)
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Security:MaxFailedSignIns"] = "3" });
        var visitor = app.CreateBrowserClient();
        for (var i = 0; i < failures; i++)
        {
            var login = await visitor.GetPageAsync("/Account/Login");
            await visitor.SubmitAsync(login.Form("form#account"), new() { ["Input.Email"] = TestApp.ManagerEmail, ["Input.Password"] = "guess-" + i });
        }
        var locked = failures == 3;
        Assert.AreEqual(locked, await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == TestApp.ManagerEmail && u.LockoutEnd != null)));

        var forgot = await visitor.GetPageAsync("/Identity/Account/ForgotPassword");
        await visitor.SubmitAsync(forgot.Form("form[method=post]"), new() { ["Input.Email"] = TestApp.ManagerEmail });
        var email = await app.WithDbAsync(db => db.OutboxEmails.SingleAsync(e => e.Kind == OutboxEmailKind.Account));
        var link = email.TextBody.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("https://portal.shop.test/Identity/Account/ResetPassword?code=", StringComparison.Ordinal));
        var reset = await visitor.GetPageAsync(new Uri(link).PathAndQuery);
        var done = await visitor.SubmitPageAsync(reset.Form("form[method=post]"),
            new() { ["Input.Email"] = TestApp.ManagerEmail, ["Input.Password"] = "Fresh-Start-2026", ["Input.ConfirmPassword"] = "Fresh-Start-2026" });
        Assert.AreEqual("/Identity/Account/ResetPasswordConfirmation", done.Url.AbsolutePath);

        var account = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == TestApp.ManagerEmail));
        Assert.AreEqual((0, (DateTimeOffset?)null), (account.AccessFailedCount, account.LockoutEnd));
        var newPassword = await visitor.SubmitPageAsync((await visitor.GetPageAsync("/Account/Login")).Form("form#account"),
            new() { ["Input.Email"] = TestApp.ManagerEmail, ["Input.Password"] = "Fresh-Start-2026" });
        Assert.AreEqual("/WorkOrders", newPassword.Url.AbsolutePath, "Signed in with the new password at once, not sent to the lockout page.");
    }

    [TestMethod]
    public void A_shop_not_named_yet_signs_its_emails_once()
    {
        var (_, _, text) = EmailTemplates.AccountEmail(ShopProfile.DefaultName, EmailTemplates.AccountLink.PasswordReset, "https://portal.shop.test/reset");
        StringAssert.EndsWith(text.TrimEnd(), "\nShopPortal");
        Assert.IsFalse(text.Contains("ShopPortal · ShopPortal", StringComparison.Ordinal), text);

        var (_, html, _) = EmailTemplates.CustomerActivity(ShopProfile.DefaultName, "WO-1001", "N123AB", "Dana Whitfield",
            [new("2026-12-02 10:00", "Approved: Item 1")], 1, "https://portal.shop.test/WorkOrders/1");
        StringAssert.Contains(html, ">ShopPortal</p>");
        Assert.IsFalse(html.Contains("ShopPortal · ShopPortal", StringComparison.Ordinal), html);
        StringAssert.Contains(EmailTemplates.CustomerActivity("Harbor Air", "WO-1001", "N123AB", "Dana Whitfield",
            [new("2026-12-02 10:00", "Approved: Item 1")], 1, "https://portal.shop.test/WorkOrders/1").Html, $">{System.Net.WebUtility.HtmlEncode("Harbor Air · ShopPortal")}</p>");
    }

    [TestMethod]
    public async Task A_new_sign_in_address_is_confirmed_from_the_shops_email_before_it_works()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var shopName = await app.WithDbAsync(db => db.ShopSettings.Select(s => s.ShopName).SingleAsync());
        var client = await app.SignInAsync();
        var page = await client.GetPageAsync("/Identity/Account/Manage/Email");
        var change = page.FormWithButton("Change email");
        var sent = await client.SubmitPageAsync(change.Form, new() { ["Input.NewEmail"] = "morgan@new-shop.test" }, change.Button);
        StringAssert.Contains(sent.Text, "Confirmation link to change email sent. Please check your email.");

        var email = await app.WithDbAsync(db => db.OutboxEmails.SingleAsync(e => e.Kind == OutboxEmailKind.Account));
        Assert.AreEqual("morgan@new-shop.test", email.To);
        Assert.AreEqual($"{shopName}: confirm your new email address", email.Subject);
        StringAssert.Contains(email.TextBody, "Until it is confirmed, the account signs in with its current address.");
        StringAssert.Contains(email.HtmlBody, ">Confirm this address</a>");
        await app.SignInAsync();

        var link = email.TextBody.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("https://portal.shop.test/Identity/Account/ConfirmEmailChange?", StringComparison.Ordinal));
        var confirmed = await client.GetPageAsync(new Uri(link).PathAndQuery);
        StringAssert.Contains(confirmed.Text, "Thank you for confirming your email change.");
        await app.SignInAsync("morgan@new-shop.test");
    }
}
