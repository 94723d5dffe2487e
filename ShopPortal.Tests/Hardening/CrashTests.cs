using System.Net;
using Microsoft.Data.Sqlite;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Hardening;

/// <summary>kill -9 in the middle of customers' decisions and managers' emails, then a restart.</summary>
[TestClass]
public sealed class CrashTests
{
    [TestMethod]
    public async Task A_kill_9_loses_no_acknowledged_decision_and_sends_no_email_twice()
    {
        var folder = TempFolder.Create("shopportal-kill");
        try
        {
            string estimate;
            int workOrderId;
            using (var setup = new TestApp(dataDirectory: folder))
            {
                await setup.LoadSampleDataAsync();
                estimate = (await setup.CreateLinkAsync("WO-1004", PortalView.Estimate, expiryHours: 24)).Path();
                workOrderId = await setup.WorkOrderIdAsync("WO-1004");
            }
            SqliteConnection.ClearAllPools();

            var acknowledged = new System.Collections.Concurrent.ConcurrentBag<(int Item, string Reason)>();
            var seen = new System.Collections.Concurrent.ConcurrentDictionary<HttpStatusCode, int>();
            var queued = 0;
            using (var app = await AppProcess.StartAsync(folder, AppProcess.BootstrapManager))
            {
                var manager = await app.SignInManagerAsync();

                using var stop = new CancellationTokenSource();
                var customers = Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
                {
                    try
                    {
                        var client = app.Client();
                        for (var n = 0; !stop.IsCancellationRequested; n++)
                        {
                            // Each customer works on items of its own, rejecting with a unique reason and clearing, as a
                            // phone would: read the page, press a button, follow the redirect.
                            var sequence = 1 + worker + 6 * (n % 3);
                            var page = await client.GetPageAsync(estimate);
                            var rejected = page.Document.QuerySelectorAll("button").Any(b => b.TextContent == $"Clear item {sequence} decision");
                            if (rejected)
                            {
                                await client.SubmitAsync(page.FormWithButton($"Clear item {sequence} decision").Form);
                                continue;
                            }
                            var reason = $"w{worker}-n{n}";
                            var reject = page.FormWithButton($"Reject item {sequence}");
                            var response = await client.SubmitAsync(reject.Form, new() { ["Form.Reason"] = reason }, reject.Button);
                            seen.AddOrUpdate(response.StatusCode, 1, (_, count) => count + 1);
                            if (response.StatusCode == HttpStatusCode.Redirect)
                            {
                                acknowledged.Add((sequence, reason));
                            }
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // The server died mid-request: that decision was never acknowledged.
                    }
                })).ToList();
                var emails = Task.Run(async () =>
                {
                    try
                    {
                        while (!stop.IsCancellationRequested)
                        {
                            var compose = await manager.GetPageAsync($"/WorkOrders/{workOrderId}/Email?compose=Estimate");
                            if ((await manager.SubmitAsync(compose.Form("#compose"))).StatusCode == HttpStatusCode.OK)
                            {
                                Interlocked.Increment(ref queued);
                            }
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // The server died mid-request.
                    }
                });

                try
                {
                    await Eventually.WaitAsync(() => Task.FromResult((Decisions: acknowledged.Count, Emails: Volatile.Read(ref queued))),
                        n => n.Decisions >= 60 && n.Emails >= 3, "decisions and emails to flow");
                }
                catch (AssertFailedException e)
                {
                    var faults = string.Join("; ", customers.Where(c => c.IsFaulted).Select(c => c.Exception!.InnerException!.Message));
                    throw new AssertFailedException($"{e.Message} Customer faults: {faults}. Statuses: {string.Join(", ", seen)}. App log tail: {app.Output[^Math.Min(3000, app.Output.Length)..]}");
                }
                app.Crash();
                await stop.CancelAsync();
                await Task.WhenAll(customers.Append(emails));
            }

            using var restarted = await AppProcess.StartAsync(folder);
            await Eventually.WaitAsync(() => Task.FromResult(Query<long>(folder, "SELECT COUNT(*) FROM OutboxEmails WHERE Status <> 2")), n => n == 0,
                "every committed email to be sent after the restart", seconds: 60);

            // Every decision the server acknowledged is in the audit trail; each item holds its last audited decision.
            var reasons = QueryAll<string>(folder, "SELECT Detail FROM PortalActivities WHERE Kind = 2").ToHashSet();
            foreach (var (item, reason) in acknowledged)
            {
                Assert.IsTrue(reasons.Contains($"Item {item}: {reason}"), $"Acknowledged decision {reason} on item {item} was lost.");
            }
            Assert.AreEqual(0L, Query<long>(folder, """
                SELECT COUNT(*) FROM Discrepancies d
                WHERE d.WorkOrderId = $id AND d.RejectionReason IS NOT NULL
                  AND 'Item ' || d.Sequence || ': ' || d.RejectionReason <>
                      (SELECT a.Detail FROM PortalActivities a WHERE a.DiscrepancyId = d.Id AND a.Kind = 2 ORDER BY a.Id DESC LIMIT 1)
                """, workOrderId));

            // Each committed email went out exactly once: one file per outbox row, no more.
            var sent = Query<long>(folder, "SELECT COUNT(*) FROM OutboxEmails");
            Assert.IsTrue(sent > 0, "Emails were committed before the crash.");
            var files = Directory.GetFiles(Path.Combine(folder, "mail"), "*.eml").Select(Path.GetFileName).ToList();
            Assert.AreEqual(sent, files.Count, string.Join(", ", files));
            Assert.AreEqual(files.Count, files.Distinct().Count());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TempFolder.Delete(folder);
        }
    }

    private static T Query<T>(string folder, string sql, int? id = null) => (T)QueryAll<object>(folder, sql, id)[0];

    private static List<T> QueryAll<T>(string folder, string sql, int? id = null)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "shopportal.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (id is not null)
        {
            command.Parameters.AddWithValue("$id", id);
        }
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add((T)reader.GetValue(0));
        }
        return rows;
    }
}
