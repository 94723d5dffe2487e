using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Foundation;

/// <summary>
/// When a staff member's access changes, their other sessions end on the very next request (Identity itself re-checks a
/// session only every 30 minutes); the session that made a change to its own account goes on. Other sessions are
/// sign-in cookies replayed as they were issued, as a second device or a stolen cookie would send them.
/// </summary>
[TestClass]
public sealed partial class SessionTests
{
    [TestMethod]
    public async Task A_demoted_manager_is_signed_out_on_their_very_next_request()
    {
        using var app = new TestApp();
        var other = await app.CreateStaffAsync("second@shop.test", Roles.Manager, "Second Manager");
        var second = await SessionAsync(app, "second@shop.test");
        Assert.AreEqual(HttpStatusCode.OK, (await VisitAsync(app, second, "/Team")).StatusCode, "A manager before the change.");

        var manager = await app.SignInAsync();
        var edit = await manager.GetPageAsync($"/Team/Edit/{other}");
        await manager.SubmitPageAsync(edit.Form("form[action*='handler=Profile']"), new() { ["Profile.Role"] = "Technician" });

        await AssertSignedOutAsync(app, second, "/Team");
        var again = await SessionAsync(app, "second@shop.test");
        Assert.AreEqual(HttpStatusCode.Forbidden, (await VisitAsync(app, again, "/Team")).StatusCode, "Signed in again, as a technician.");
        Assert.AreEqual(HttpStatusCode.OK, (await manager.GetAsync("/Team")).StatusCode, "The manager who made the change stays signed in.");
    }

    [TestMethod]
    public async Task A_removed_member_is_signed_out_on_their_very_next_request()
    {
        using var app = new TestApp();
        var id = await app.CreateStaffAsync(TestApp.TechnicianEmail, Roles.Technician);
        var technician = await SessionAsync(app, TestApp.TechnicianEmail);
        Assert.AreEqual(HttpStatusCode.OK, (await VisitAsync(app, technician, "/WorkOrders")).StatusCode);

        var manager = await app.SignInAsync();
        var edit = await manager.GetPageAsync($"/Team/Edit/{id}");
        StringAssert.Contains((await manager.SubmitPageAsync(edit.Form("form[action*='handler=Delete']"))).Text, "was removed from the team");

        await AssertSignedOutAsync(app, technician, "/WorkOrders");
    }

    [TestMethod]
    public async Task A_password_reset_by_a_manager_signs_the_member_out_of_the_sessions_they_had()
    {
        using var app = new TestApp();
        var id = await app.CreateStaffAsync(TestApp.TechnicianEmail, Roles.Technician);
        var lostPhone = await SessionAsync(app, TestApp.TechnicianEmail);
        Assert.AreEqual(HttpStatusCode.OK, (await VisitAsync(app, lostPhone, "/WorkOrders")).StatusCode);

        var manager = await app.SignInAsync();
        var edit = await manager.GetPageAsync($"/Team/Edit/{id}");
        await manager.SubmitPageAsync(edit.Form("form[action*='handler=Password']"), new() { ["Password.NewPassword"] = "Brand-new-pass-2" });

        await AssertSignedOutAsync(app, lostPhone, "/WorkOrders");
        var fresh = await SessionAsync(app, TestApp.TechnicianEmail, "Brand-new-pass-2");
        Assert.AreEqual(HttpStatusCode.OK, (await VisitAsync(app, fresh, "/WorkOrders")).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await VisitAsync(app, fresh, "/WorkOrders")).StatusCode, "The new session stays signed in.");
    }

    [TestMethod]
    public async Task Changing_ones_own_password_keeps_this_session_and_ends_the_others()
    {
        using var app = new TestApp();
        var phone = await SessionAsync(app, TestApp.ManagerEmail);
        Assert.AreEqual(HttpStatusCode.OK, (await VisitAsync(app, phone, "/WorkOrders")).StatusCode);

        var laptop = await app.SignInAsync();
        var page = await laptop.GetPageAsync("/Identity/Account/Manage/ChangePassword");
        var changed = await laptop.SubmitPageAsync(page.Form("form#change-password-form"), new()
        {
            ["Input.OldPassword"] = TestApp.Password,
            ["Input.NewPassword"] = "Another-pass-7",
            ["Input.ConfirmPassword"] = "Another-pass-7",
        });
        StringAssert.Contains(changed.Text, "Your password has been changed");

        Assert.AreEqual(HttpStatusCode.OK, (await laptop.GetAsync("/Team")).StatusCode, "The session that changed it goes on.");
        await AssertSignedOutAsync(app, phone, "/WorkOrders");
    }

    [TestMethod]
    public async Task Turning_an_authenticator_app_on_and_off_keeps_this_session()
    {
        using var app = new TestApp();
        var client = await app.SignInAsync(followRedirects: false);
        var setup = await client.GetPageAsync("/Identity/Account/Manage/EnableAuthenticator");
        var key = setup.Document.QuerySelector("kbd")?.TextContent ?? throw new AssertFailedException("No shared key on the page.");

        var enabled = await client.SubmitAsync(setup.Form("form#send-code"), new() { ["Input.Code"] = AuthenticatorCode(key) });
        Assert.AreEqual(HttpStatusCode.Redirect, enabled.StatusCode);
        StringAssert.EndsWith(enabled.Headers.Location?.OriginalString, "ShowRecoveryCodes", "Straight to the recovery codes, not back to sign-in.");
        var codes = await client.GetPageAsync("/Identity/Account/Manage/ShowRecoveryCodes");
        Assert.AreEqual(HttpStatusCode.OK, codes.Status);
        StringAssert.Contains(codes.Text, "Put these codes in a safe place");

        var disable = await client.GetPageAsync("/Identity/Account/Manage/Disable2fa");
        var disabled = await client.SubmitAsync(disable.Form("main form[method=post]"));
        StringAssert.EndsWith(disabled.Headers.Location?.OriginalString, "TwoFactorAuthentication");
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/Identity/Account/Manage/TwoFactorAuthentication")).StatusCode);
        Assert.IsFalse(await app.WithDbAsync(db => db.Users.Where(u => u.Email == TestApp.ManagerEmail).Select(u => u.TwoFactorEnabled).SingleAsync()));
    }

    [TestMethod]
    public async Task The_authenticator_setup_shows_a_QR_code_under_the_shops_name_and_refuses_a_wrong_code_with_a_reason()
    {
        using var app = new TestApp();
        var shop = await app.WithDbAsync(db => db.ShopSettings.Select(s => s.ShopName).SingleAsync());
        var client = await app.SignInAsync(followRedirects: false);
        var setup = await client.GetPageAsync("/Identity/Account/Manage/EnableAuthenticator");
        Assert.AreEqual(HttpStatusCode.OK, setup.Status);
        Assert.IsFalse(setup.Text.Contains("QR code generation", StringComparison.Ordinal), "No note to developers about enabling QR codes.");
        Assert.IsNotNull(setup.Document.QuerySelector("a#two-factor.active"), "Inside the account pages, on the two-factor tab.");

        var qr = setup.Document.QuerySelector("img#authenticator-qr") ?? throw new AssertFailedException("No QR code.");
        var png = Convert.FromBase64String(qr.GetAttribute("src")!.Replace("data:image/png;base64,", "", StringComparison.Ordinal));
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        var key = WhiteSpace().Replace(setup.Document.QuerySelector("kbd")!.TextContent, "").ToUpperInvariant();
        var label = $"{Uri.EscapeDataString(shop)}:{Uri.EscapeDataString(TestApp.ManagerEmail)}";
        Assert.AreEqual($"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(shop)}&digits=6", qr.GetAttribute("data-url"),
            "The app lists the account under the shop's name, with the key shown on the page.");

        var letters = await client.SubmitPageAsync(setup.Form("form#send-code"), new() { ["Input.Code"] = "abcdef" });
        StringAssert.Contains(letters.Text, "The code is the 6 digits your authenticator app shows.");
        var right = AuthenticatorCode(key);
        var wrong = string.Concat(right.Select(c => (char)('0' + ((c - '0' + 5) % 10))));
        var refused = await client.SubmitPageAsync(letters.Form("form#send-code"), new() { ["Input.Code"] = wrong });
        Assert.AreEqual(HttpStatusCode.OK, refused.Status);
        StringAssert.Contains(refused.Text, "That is not the code your authenticator app shows now.");
        Assert.AreEqual(qr.GetAttribute("data-url"), refused.Document.QuerySelector("img#authenticator-qr")?.GetAttribute("data-url"), "The same key: the app already set up still works.");
        Assert.IsFalse(await app.WithDbAsync(db => db.Users.Where(u => u.Email == TestApp.ManagerEmail).Select(u => u.TwoFactorEnabled).SingleAsync()));

        var spaced = await client.SubmitAsync(refused.Form("form#send-code"), new() { ["Input.Code"] = $"{right[..3]} {right[3..]}" });
        StringAssert.EndsWith(spaced.Headers.Location?.OriginalString, "ShowRecoveryCodes", "A code typed as the app groups it is accepted.");
        Assert.IsTrue(await app.WithDbAsync(db => db.Users.Where(u => u.Email == TestApp.ManagerEmail).Select(u => u.TwoFactorEnabled).SingleAsync()));
    }

    [TestMethod]
    public async Task A_manager_turns_off_two_factor_sign_in_for_a_member_who_lost_their_phone()
    {
        using var app = new TestApp();
        var id = await app.CreateStaffAsync(TestApp.TechnicianEmail, Roles.Technician);
        var manager = await app.SignInAsync();
        var page = await manager.GetPageAsync($"/Team/Edit/{id}");
        Assert.IsNull(page.Document.QuerySelector("form[action*='handler=TwoFactor']"), "Nothing to turn off yet.");

        string oldKey = "", oldStamp = "";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
            var user = (await users.FindByIdAsync(id))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
            oldKey = (await users.GetAuthenticatorKeyAsync(user))!;
            oldStamp = user.SecurityStamp!;
        }
        var browser = app.CreateBrowserClient(followRedirects: false);
        var login = await browser.GetPageAsync("/Account/Login");
        var withPassword = await browser.SubmitAsync(login.Form("form#account"),
            new() { ["Input.Email"] = TestApp.TechnicianEmail, ["Input.Password"] = TestApp.Password });
        StringAssert.Contains(withPassword.Headers.Location?.OriginalString, "LoginWith2fa", "The password alone no longer signs in.");

        page = await manager.GetPageAsync($"/Team/Edit/{id}");
        StringAssert.Contains(page.Text, "two-factor sign-in on");
        var turnOff = page.FormWithButton("Turn off two-factor sign-in");
        var done = await manager.SubmitPageAsync(turnOff.Form, submitter: turnOff.Button);
        StringAssert.Contains(done.Text, "Two-factor sign-in is off for Terry Technician");
        Assert.IsNull(done.Document.QuerySelector("form[action*='handler=TwoFactor']"));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
            var user = (await users.FindByIdAsync(id))!;
            Assert.IsFalse(await users.GetTwoFactorEnabledAsync(user));
            Assert.AreNotEqual(oldKey, await users.GetAuthenticatorKeyAsync(user), "The lost phone's codes stop working.");
            Assert.AreNotEqual(oldStamp, user.SecurityStamp, "Whoever holds the member's sessions is signed out.");
        }
        Assert.AreEqual(HttpStatusCode.OK, (await (await app.SignInAsync(TestApp.TechnicianEmail)).GetAsync("/WorkOrders")).StatusCode,
            "The password alone signs in again.");
    }

    [TestMethod]
    public async Task A_wrong_password_typed_elsewhere_leaves_a_session_alone()
    {
        using var app = new TestApp();
        var session = await SessionAsync(app, TestApp.ManagerEmail);
        Assert.AreEqual(HttpStatusCode.OK, (await VisitAsync(app, session, "/WorkOrders")).StatusCode);

        var other = app.CreateBrowserClient();
        var login = await other.GetPageAsync("/Account/Login");
        await other.SubmitAsync(login.Form("form#account"), new() { ["Input.Email"] = TestApp.ManagerEmail, ["Input.Password"] = "not-the-password" });
        Assert.AreEqual(1, await app.WithDbAsync(db => db.Users.Where(u => u.Email == TestApp.ManagerEmail).Select(u => u.AccessFailedCount).SingleAsync()));

        Assert.AreEqual(HttpStatusCode.OK, (await VisitAsync(app, session, "/WorkOrders")).StatusCode);
    }

    [TestMethod]
    public async Task A_change_made_in_a_transaction_ends_sessions_once_it_commits()
    {
        using var app = new TestApp();
        var id = await app.CreateStaffAsync(TestApp.TechnicianEmail, Roles.Technician);
        var technician = await SessionAsync(app, TestApp.TechnicianEmail);

        await app.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var user = await db.Users.SingleAsync(u => u.Id == id);
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            await db.SaveChangesAsync();
            Assert.AreEqual(HttpStatusCode.OK, (await VisitAsync(app, technician, "/WorkOrders")).StatusCode, "Not committed yet: the old stamp is still the one others read.");
            await transaction.CommitAsync();
        });

        await AssertSignedOutAsync(app, technician, "/WorkOrders");
    }

    [TestMethod]
    public async Task A_renamed_member_keeps_their_session_and_signs_with_the_new_name_at_once()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var id = await app.CreateStaffAsync(TestApp.TechnicianEmail, Roles.Technician);
        var technician = await app.SignInAsync(TestApp.TechnicianEmail, TestApp.Password);
        var manager = await app.SignInAsync();
        var edit = await manager.GetPageAsync($"/Team/Edit/{id}");
        await manager.SubmitPageAsync(edit.Form("form[action*='handler=Profile']"), new() { ["Profile.DisplayName"] = "Terry Torque" });

        var url = $"/WorkOrders/{await app.WorkOrderIdAsync("WO-1002")}";
        await technician.SubmitAsync((await technician.GetPageAsync(url)).Form("form[action*='handler=Reply']"), new() { ["reply.Body"] = "At once." });
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        await technician.SubmitAsync((await technician.GetPageAsync(url)).Form("form[action*='handler=Reply']"), new() { ["reply.Body"] = "After Identity's half-hourly check." });

        var authors = await app.WithDbAsync(db => db.Comments.Where(c => c.StaffUserId == id).OrderBy(c => c.Id).Select(c => c.AuthorName).ToListAsync());
        Assert.AreEqual("Terry Torque|Terry Torque", string.Join("|", authors), "The new name from the next request on, and still after Identity's own check.");
    }

    /// <summary>Signs in on a device of its own and returns its sign-in cookie, to be sent as it was issued.</summary>
    private static async Task<string> SessionAsync(TestApp app, string email, string password = TestApp.Password)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        var login = await client.GetAsync("/Account/Login");
        client.DefaultRequestHeaders.Add("Cookie", string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        var signedIn = await client.SubmitAsync((await login.ReadPageAsync()).Form("form#account"), new() { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.AreEqual(HttpStatusCode.Redirect, signedIn.StatusCode, $"Sign-in as {email} failed.");
        return signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("ShopPortal.Auth=", StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> VisitAsync(TestApp app, string session, string url)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        client.DefaultRequestHeaders.Add("Cookie", session);
        return await client.GetAsync(url);
    }

    private static async Task AssertSignedOutAsync(TestApp app, string session, string url)
    {
        var response = await VisitAsync(app, session, url);
        Assert.AreEqual(HttpStatusCode.Redirect, response.StatusCode, $"{url} should send the old session to sign in.");
        StringAssert.Contains(response.Headers.Location?.ToString(), "/Account/Login");
        Assert.AreEqual(HttpStatusCode.Redirect, (await VisitAsync(app, session, url)).StatusCode, "The old cookie, sent again, stays signed out.");
    }

    /// <summary>The 6-digit code an authenticator app shows for the shared key right now (RFC 6238: SHA-1, 30 s steps).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "RFC 6238 codes, as Identity and authenticator apps compute them, are HMAC-SHA1.")]
    private static string AuthenticatorCode(string sharedKey)
    {
        var base32 = WhiteSpace().Replace(sharedKey, "").ToUpperInvariant();
        var key = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in base32)
        {
            buffer = (buffer << 5) | "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                key.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        var step = BitConverter.GetBytes(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(step);
        }
        var hash = HMACSHA1.HashData(key.ToArray(), step);
        var offset = hash[^1] & 0x0F;
        var value = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\s")]
    private static partial Regex WhiteSpace();
}
