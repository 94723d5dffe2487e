using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Hardening;

[TestClass]
public sealed class HardeningTests
{
    private static Dictionary<string, string?> Limits(string policy, int permits) => new()
    {
        ["RateLimits:Enabled"] = "true",
        [$"RateLimits:{policy}:PermitLimit"] = permits.ToString(),
        [$"RateLimits:{policy}:WindowSeconds"] = "600",
    };

    [TestMethod]
    public async Task Portal_requests_past_the_limit_get_429_with_retry_after_and_write_nothing()
    {
        using var app = new TestApp(settings: Limits("portal", 3));
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var client = app.CreateBrowserClient(followRedirects: false);
        var page = await client.GetPageAsync(link.Path());
        var approve = page.FormWithButton("Approve item 3");
        Assert.AreEqual(HttpStatusCode.Redirect, (await client.SubmitAsync(approve.Form, submitter: approve.Button)).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync(link.Path())).StatusCode);
        var activities = await app.ActivityCountAsync();

        var reject = page.FormWithButton("Reject item 5");
        var refused = await client.SubmitAsync(reject.Form, submitter: reject.Button);

        Assert.AreEqual(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.AreEqual("600", refused.Headers.GetValues("Retry-After").Single(), "The window: trying again sooner could be refused again.");
        StringAssert.Contains(await refused.Content.ReadAsStringAsync(), "Too many requests");
        Assert.AreEqual(CustomerApprovalStatus.Pending, (await app.ItemAsync("WO-1001", 5)).ApprovalStatus);
        Assert.AreEqual(activities, await app.ActivityCountAsync());
        Assert.AreEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync(link.Path())).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode, "Other endpoints are not limited.");
    }

    [TestMethod]
    public async Task Sign_in_attempts_past_the_limit_get_429_before_the_password_is_checked()
    {
        using var app = new TestApp(settings: Limits("sign-in", 2));
        var client = app.CreateBrowserClient(followRedirects: false);
        for (var i = 0; i < 2; i++)
        {
            var login = await client.GetPageAsync("/Account/Login");
            Assert.AreEqual(HttpStatusCode.OK, (await client.SubmitAsync(login.Form("form#account"), new() { ["Input.Email"] = TestApp.ManagerEmail, ["Input.Password"] = "wrong" })).StatusCode);
        }
        var form = await client.GetPageAsync("/Account/Login");
        Assert.AreEqual(HttpStatusCode.OK, form.Status, "Showing the form is not an attempt.");
        var refused = await client.SubmitAsync(form.Form("form#account"), new() { ["Input.Email"] = TestApp.ManagerEmail, ["Input.Password"] = TestApp.Password });

        Assert.AreEqual(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.AreEqual("600", refused.Headers.GetValues("Retry-After").Single());
        Assert.AreEqual(2, await app.WithDbAsync(db => db.Users.Where(u => u.Email == TestApp.ManagerEmail).Select(u => u.AccessFailedCount).SingleAsync()),
            "The refused attempt never reached the password check.");
    }

    [TestMethod]
    public async Task Password_reset_requests_past_the_limit_get_429_and_send_nothing()
    {
        using var app = new TestApp(settings: Limits("forgot-password", 1));
        var client = app.CreateBrowserClient(followRedirects: false);
        var page = await client.GetPageAsync("/Identity/Account/ForgotPassword");
        await client.SubmitAsync(page.Form("form[method=post]"), new() { ["Input.Email"] = TestApp.ManagerEmail });
        var queued = await app.WithDbAsync(db => db.OutboxEmails.CountAsync());
        Assert.AreEqual(1, queued, "The first request queues a reset email.");

        page = await client.GetPageAsync("/Identity/Account/ForgotPassword");
        var refused = await client.SubmitAsync(page.Form("form[method=post]"), new() { ["Input.Email"] = TestApp.ManagerEmail });

        Assert.AreEqual(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.AreEqual(queued, await app.WithDbAsync(db => db.OutboxEmails.CountAsync()));
    }

    [TestMethod]
    public async Task A_forged_Host_header_never_reaches_a_password_reset_email()
    {
        using var app = new TestApp();
        await app.SignInAsync();
        var client = app.CreateBrowserClient(followRedirects: false);
        var page = await client.GetPageAsync("/Identity/Account/ForgotPassword");
        client.DefaultRequestHeaders.Host = "evil.example";

        var sent = await client.SubmitAsync(page.Form("form[method=post]"), new() { ["Input.Email"] = TestApp.ManagerEmail });

        Assert.AreEqual(HttpStatusCode.Redirect, sent.StatusCode);
        var email = await app.WithDbAsync(db => db.OutboxEmails.SingleAsync());
        Assert.IsFalse(email.HtmlBody.Contains("evil.example", StringComparison.OrdinalIgnoreCase), email.HtmlBody);
        StringAssert.Contains(email.HtmlBody, "https://portal.shop.test/Identity/Account/ResetPassword?code=");
    }

    [TestMethod]
    public async Task A_post_to_a_handler_a_page_does_not_have_is_a_404_not_a_500()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var id = await app.WorkOrderIdAsync("WO-1001");
        var item = await app.ItemAsync("WO-1001", 1);
        var client = await app.SignInAsync(followRedirects: false);
        var page = await client.GetPageAsync($"/WorkOrders/{id}");
        var token = page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        foreach (var path in new[] { $"/WorkOrders/{id}", $"/WorkOrders/{id}/Items", $"/WorkOrders/{id}/Items/{item.Id}", $"/WorkOrders/{id}/Email" })
        {
            foreach (var query in new[] { "", "?handler=%27%22%3E" })
            {
                var post = await client.PostAsync(path + query, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
                Assert.AreEqual(HttpStatusCode.NotFound, post.StatusCode, path + query);
            }
            Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode, path);
        }
    }

    [TestMethod]
    public async Task Oversized_portal_posts_are_refused_and_write_nothing()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var client = app.CreateBrowserClient(followRedirects: false);
        var page = await client.GetPageAsync(link.Path());
        var comment = page.FormWithButton("Comment on item 1");

        var refused = await client.SubmitAsync(comment.Form, new() { ["Form.Body"] = new string('x', 400 * 1024) }, comment.Button);

        Assert.IsTrue(refused.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, refused.StatusCode.ToString());
        Assert.IsFalse((await refused.Content.ReadAsStringAsync()).Contains("Exception", StringComparison.Ordinal));
        Assert.AreEqual(0, await app.WithDbAsync(db => db.Comments.CountAsync()));
    }

    [TestMethod]
    [DataRow("/Account/Login")]
    [DataRow("/WorkOrders")]
    [DataRow("/Setup")]
    [DataRow("/no-such-page")]
    public async Task Every_page_carries_the_security_headers_and_hsts_over_https(string path)
    {
        using var app = new TestApp();
        var client = await app.SignInAsync(followRedirects: false);
        var response = await client.GetAsync(new Uri(new Uri("https://shop.example.test"), path));

        Assert.AreEqual("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        StringAssert.Contains(response.Headers.GetValues("Content-Security-Policy").Single(), "frame-ancestors 'none'");
        StringAssert.Contains(response.Headers.GetValues("Strict-Transport-Security").Single(), "max-age=");
        var plain = await app.CreateClient(new() { BaseAddress = new Uri("http://shop.example.test"), AllowAutoRedirect = false }).GetAsync("/healthz");
        Assert.IsFalse(plain.Headers.Contains("Strict-Transport-Security"), "No HSTS over plain HTTP.");
    }
}
