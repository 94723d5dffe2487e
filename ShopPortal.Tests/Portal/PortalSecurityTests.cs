using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ShopPortal.Data;
using ShopPortal.Services.Portal;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Portal;

[TestClass]
public sealed class PortalSecurityTests
{
    [TestMethod]
    public async Task Tampered_malformed_and_unknown_tokens_get_a_plain_404()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var token = link.Path()["/portal/".Length..];
        var tampered = token[..20] + (token[20] == 'A' ? 'B' : 'A') + token[21..];
        var client = app.CreateBrowserClient();

        // Base64 decoding skips white space: a link with a space, tab or line break slipped in must not open
        // (each spelling would otherwise be another cache entry for the same link).
        var spaced = new[] { "%20", "%09", "%0A" }.Select(blank => $"/portal/{token[..10]}{blank}{token[10..]}");
        foreach (var path in new[] { $"/portal/{tampered}", "/portal/not-a-token", "/portal/" + new string('x', 600), $"/portal/{token[..^4]}" }.Concat(spaced))
        {
            var page = await client.GetPageAsync(path);
            Assert.AreEqual(HttpStatusCode.NotFound, page.Status, path);
            Assert.IsFalse(page.Text.Contains("WO-1001", StringComparison.Ordinal));
            Assert.IsFalse(page.Html.Contains("Exception", StringComparison.Ordinal));
        }
    }

    [TestMethod]
    public async Task A_token_for_another_purpose_does_not_open_the_portal()
    {
        using var app = new TestApp();
        var protector = app.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().CreateProtector("something-else");
        var forged = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(protector.Protect(new byte[36]));
        Assert.AreEqual(HttpStatusCode.NotFound, (await app.CreateBrowserClient().GetAsync($"/portal/{forged}")).StatusCode);
    }

    [TestMethod]
    public async Task Expired_and_revoked_links_show_a_friendly_page_that_names_nothing()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var expiring = await app.CreateLinkAsync("WO-1001", PortalView.Estimate, expiryHours: 1);
        var revoked = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync(revoked.Path())).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var links = scope.ServiceProvider.GetRequiredService<PortalLinks>();
            Assert.IsTrue(await links.RevokeAsync(await app.WorkOrderIdAsync("WO-1001"), revoked.KeyId, "Test", CancellationToken.None));
        }
        app.Clock.Advance(TimeSpan.FromMinutes(61));

        foreach (var link in new[] { expiring, revoked })
        {
            var page = await client.GetPageAsync(link.Path());
            Assert.AreEqual(HttpStatusCode.Gone, page.Status);
            StringAssert.Contains(page.Text, "It has expired or the shop has withdrawn it — ask the shop for a new one");
            foreach (var secret in new[] { "WO-1001", "Whitfield", "Skyline", "N172SP", "$", "tire" })
            {
                Assert.IsFalse(page.Text.Contains(secret, StringComparison.Ordinal), $"The expired page names '{secret}'.");
            }
            var post = await client.PostAsync(link.Path(), new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Action"] = "approve" }));
            Assert.AreNotEqual(HttpStatusCode.Redirect, post.StatusCode);
        }
    }

    [TestMethod]
    public async Task A_link_read_just_before_it_was_revoked_is_not_kept_open_by_the_cache()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var cache = app.Services.GetRequiredService<PortalAccessCache>();

        // A customer's first request reads the key, still valid...
        var readAt = cache.Stamp;
        var asRead = await app.WithDbAsync(db => db.PortalAccessKeys.Where(k => k.Id == link.KeyId)
            .Select(k => new PortalAccessCache.KeyInfo(k.WorkOrderId, k.View, k.SecretHash, k.ExpiresAt, k.RevokedAt != null)).SingleAsync());
        Assert.IsFalse(asRead.Revoked);
        // ...the manager revokes it meanwhile...
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var links = scope.ServiceProvider.GetRequiredService<PortalLinks>();
            Assert.IsTrue(await links.RevokeAsync(await app.WorkOrderIdAsync("WO-1001"), link.KeyId, "Test", CancellationToken.None));
        }
        // ...and the request then keeps what it read.
        cache.Set(link.KeyId, asRead, readAt);

        Assert.AreEqual(HttpStatusCode.Gone, (await app.CreateBrowserClient().GetAsync(link.Path())).StatusCode, "The revocation holds.");
    }

    [TestMethod]
    public async Task A_key_for_one_work_order_cannot_read_or_change_another()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var linkA = await app.CreateLinkAsync("WO-1002", PortalView.Estimate);
        var otherItem = await app.ItemAsync("WO-1001", 3);
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync(linkA.Path());
        Assert.IsFalse(page.Text.Contains("WO-1001", StringComparison.Ordinal));
        var before = await app.ActivityCountAsync();

        var (form, _) = page.FormWithButton("Approve item 1");
        foreach (var action in new[] { "approve", "reject", "comment", "instructions" })
        {
            var response = await client.SubmitAsync(form, new()
            {
                ["Form.Item"] = otherItem.Id.ToString(),
                ["Form.Action"] = action,
                ["Form.Body"] = "Sneaky",
                ["Form.Instructions"] = "Sneaky",
            });
            var answer = await response.ReadPageAsync();
            Assert.AreEqual(linkA.Path(), answer.Url.AbsolutePath, action);
            StringAssert.Contains(answer.Text, "that item is not on this work order", "The link's own view says nothing was saved.");
            Assert.IsFalse(answer.Text.Contains("WO-1001", StringComparison.Ordinal), action);
        }

        var after = await app.ItemAsync("WO-1001", 3);
        Assert.AreEqual(CustomerApprovalStatus.Pending, after.ApprovalStatus);
        Assert.IsNull(after.CustomerInstructions);
        Assert.AreEqual(0, await app.WithDbAsync(db => db.Comments.CountAsync()));
        Assert.AreEqual(before, await app.ActivityCountAsync());
    }

    [TestMethod]
    public async Task A_view_only_key_cannot_post_decisions()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var estimate = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var progress = await app.CreateLinkAsync("WO-1001", PortalView.ProgressReport);
        var item = await app.ItemAsync("WO-1001", 3);
        var client = app.CreateBrowserClient();
        var (form, _) = (await client.GetPageAsync(estimate.Path())).FormWithButton("Approve item 3");
        form.Action = progress.Path();

        var response = await client.SubmitAsync(form, new() { ["Form.Action"] = "approve" });

        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        Assert.AreEqual(CustomerApprovalStatus.Pending, (await app.ItemAsync("WO-1001", 3)).ApprovalStatus);
        _ = item;
    }

    [TestMethod]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var item = await app.ItemAsync("WO-1001", 3);
        var client = app.CreateBrowserClient(followRedirects: false);
        await client.GetAsync(link.Path());

        var response = await client.PostAsync(link.Path(), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.Action"] = "approve",
            ["Form.Item"] = item.Id.ToString(),
        }));

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.AreEqual(CustomerApprovalStatus.Pending, (await app.ItemAsync("WO-1001", 3)).ApprovalStatus);
    }

    [TestMethod]
    public async Task Portal_responses_carry_the_privacy_and_security_headers()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var client = app.CreateBrowserClient();

        foreach (var path in new[] { link.Path(), "/portal/nope", link.Path() + "/nothing-here" })
        {
            var response = await client.GetAsync(path);
            var headers = response.Headers;
            Assert.IsTrue(headers.CacheControl?.NoStore, path);
            Assert.AreEqual("no-referrer", headers.GetValues("Referrer-Policy").Single(), path);
            StringAssert.Contains(headers.GetValues("X-Robots-Tag").Single(), "noindex", path);
            Assert.AreEqual("nosniff", headers.GetValues("X-Content-Type-Options").Single(), path);
            var csp = headers.GetValues("Content-Security-Policy").Single();
            StringAssert.Contains(csp, "frame-ancestors 'none'", path);
            StringAssert.Contains(csp, "default-src 'none'", path);
            var html = await response.Content.ReadAsStringAsync();
            Assert.IsFalse(html.Contains("<script>", StringComparison.Ordinal), "No inline script.");
            Assert.IsFalse(html.Contains("href=\"/\"", StringComparison.Ordinal), "No link into the staff side.");
        }
    }

    [TestMethod]
    public async Task Links_keep_working_after_a_restart_on_the_same_data_folder()
    {
        var folder = TempFolder.Create("shopportal-keys");
        try
        {
            string path;
            using (var first = new TestApp(dataDirectory: folder))
            {
                await first.LoadSampleDataAsync();
                path = (await first.CreateLinkAsync("WO-1001", PortalView.Estimate)).Path();
                Assert.AreEqual(HttpStatusCode.OK, (await first.CreateBrowserClient().GetAsync(path)).StatusCode);
            }
            SqliteConnection.ClearAllPools();
            using var second = new TestApp(dataDirectory: folder);
            var page = await second.CreateBrowserClient().GetPageAsync(path);
            Assert.AreEqual(HttpStatusCode.OK, page.Status);
            StringAssert.Contains(page.Text, "WO-1001");
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [TestMethod]
    public async Task Only_the_hash_of_the_secret_is_stored()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var key = await app.WithDbAsync(db => db.PortalAccessKeys.SingleAsync(k => k.Id == link.KeyId));
        Assert.AreEqual(32, key.SecretHash.Length);
        Assert.IsNull(key.ProtectedToken, "An emailed link keeps no copy of its token.");
        var token = link.Path()["/portal/".Length..];
        var parsed = app.Services.GetRequiredService<PortalTokens>().Parse(token);
        Assert.IsNotNull(parsed);
        Assert.AreEqual(link.KeyId, parsed.Value.KeyId);
        CollectionAssert.AreEqual(key.SecretHash, parsed.Value.SecretHash);
    }

    [TestMethod]
    public async Task The_token_never_appears_in_the_logs()
    {
        var sink = new LogSink();
        using var app = new TestApp().WithLogging(sink);
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var token = link.Path()["/portal/".Length..];
        var client = app.CreateBrowserClient();

        var page = await client.GetPageAsync(link.Path());
        await client.SubmitAsync(page.FormWithButton("Approve item 3").Form);
        await client.GetAsync(link.Path() + "/pdf");
        await client.GetAsync(link.Path() + "x");

        Assert.IsTrue(sink.Messages.Count > 0, "The sink captured the app's logs.");
        Assert.IsFalse(sink.Messages.Any(m => m.Contains(token, StringComparison.Ordinal)), "A log line contains the token.");
    }
}

/// <summary>Captures every log message the app writes, at every level the app's filters let through.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> messages = new();

    public IReadOnlyCollection<string> Messages => messages;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.messages.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}
