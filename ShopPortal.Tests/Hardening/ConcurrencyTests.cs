using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Tests.Portal;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Hardening;

/// <summary>Many customers at the same moment: every decision stored or cleanly refused, none lost, none invented.</summary>
[TestClass]
public sealed class ConcurrencyTests
{
    private const int Customers = 50;

    [TestMethod]
    public async Task Fifty_customers_approving_different_items_at_once_are_all_stored()
    {
        var sink = new LogSink();
        using var app = new TestApp().WithLogging(sink);
        await app.LoadSampleDataAsync();
        var workOrderId = await app.WorkOrderIdAsync("WO-1002");
        await app.WithDbAsync(async db =>
        {
            for (var sequence = 4; sequence <= Customers; sequence++)
            {
                db.Discrepancies.Add(new Discrepancy { WorkOrderId = workOrderId, Sequence = sequence, Description = $"Extra finding {sequence}", EstimatedHours = 1 });
            }
            await db.SaveChangesAsync();
        });
        var forms = await OpenAsync(app, "WO-1002");

        var responses = await Task.WhenAll(forms.Select((f, i) =>
        {
            var approve = f.Page.FormWithButton($"Approve item {i + 1}");
            return f.Client.SubmitAsync(approve.Form, submitter: approve.Button);
        }));

        CollectionAssert.AreEqual(Enumerable.Repeat(HttpStatusCode.Redirect, Customers).ToList(), responses.Select(r => r.StatusCode).ToList());
        var statuses = await app.WithDbAsync(db => db.Discrepancies.Where(d => d.WorkOrderId == workOrderId).Select(d => d.ApprovalStatus).ToListAsync());
        Assert.IsTrue(statuses.All(s => s == CustomerApprovalStatus.Approved));
        Assert.AreEqual(Customers, await app.WithDbAsync(db => db.PortalActivities.CountAsync(a => a.Kind == PortalActivityKind.Approved)));
        Assert.IsFalse(sink.Messages.Any(m => m.Contains("database is locked", StringComparison.OrdinalIgnoreCase)));
    }

    [TestMethod]
    public async Task Fifty_customers_deciding_on_the_same_item_at_once_leave_it_as_the_last_decision_says()
    {
        var sink = new LogSink();
        using var app = new TestApp().WithLogging(sink);
        await app.LoadSampleDataAsync();
        var forms = await OpenAsync(app, "WO-1002");

        var responses = await Task.WhenAll(forms.Select((f, i) =>
        {
            var button = f.Page.FormWithButton(i % 2 == 0 ? "Approve item 1" : "Reject item 1");
            return f.Client.SubmitAsync(button.Form, submitter: button.Button);
        }));

        Assert.IsTrue(responses.All(r => r.StatusCode == HttpStatusCode.Redirect), string.Join(", ", responses.Select(r => r.StatusCode)));
        var item = await app.ItemAsync("WO-1002", 1);
        var trail = await app.WithDbAsync(db => db.PortalActivities.Where(a => a.DiscrepancyId == item.Id).OrderBy(a => a.Id).Select(a => a.Kind).ToListAsync());
        Assert.AreEqual(Customers, trail.Count, "One audit row per decision.");
        Assert.AreEqual(Customers / 2, trail.Count(k => k == PortalActivityKind.Approved));
        var expected = trail[^1] == PortalActivityKind.Approved ? CustomerApprovalStatus.Approved : CustomerApprovalStatus.Rejected;
        Assert.AreEqual(expected, item.ApprovalStatus, "The item holds the last decision of the trail.");
        Assert.IsFalse(sink.Messages.Any(m => m.Contains("database is locked", StringComparison.OrdinalIgnoreCase)));
    }

    [TestMethod]
    public async Task Decisions_racing_a_signature_never_unlock_a_signed_item()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var forms = await OpenAsync(app, "WO-1001", customers: 20);
        var signer = forms[0];

        var sign = signer.Client.SubmitAsync(signer.Page.Form("#sign-form"), new() { ["Form.SignerName"] = "Dana Whitfield", ["Form.Signature"] = PortalKit.SignatureDataUrl() });
        var clears = forms.Skip(1).Select(f =>
        {
            var clear = f.Page.FormWithButton("Clear item 1");
            return f.Client.SubmitAsync(clear.Form, submitter: clear.Button);
        });
        var responses = await Task.WhenAll(clears.Append(sign));

        Assert.IsTrue(responses.All(r => r.StatusCode == HttpStatusCode.Redirect || r.StatusCode == HttpStatusCode.OK), string.Join(", ", responses.Select(r => r.StatusCode)));
        var item = await app.ItemAsync("WO-1001", 1);
        var signature = await app.WithDbAsync(db => db.WorkAuthorizations.Include(a => a.Discrepancies).SingleOrDefaultAsync());
        if (signature is not null && signature.Discrepancies.Any(d => d.Sequence == 1))
        {
            Assert.AreEqual(CustomerApprovalStatus.Approved, item.ApprovalStatus, "A signed item stays approved.");
        }
        else
        {
            Assert.AreEqual(CustomerApprovalStatus.Pending, item.ApprovalStatus, "Cleared before the signature, so not covered by it.");
        }
    }

    private static async Task<List<(HttpClient Client, HtmlPage Page)>> OpenAsync(TestApp app, string number, int customers = Customers)
    {
        var forms = new List<(HttpClient, HtmlPage)>();
        for (var i = 0; i < customers; i++)
        {
            var link = await app.CreateLinkAsync(number, PortalView.Estimate);
            var client = app.CreateBrowserClient(followRedirects: false);
            forms.Add((client, await client.GetPageAsync(link.Path())));
        }
        return forms;
    }
}
