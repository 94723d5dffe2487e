using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Services.Portal;

/// <summary>
/// The single writer for customer decisions. Requests queue up; the writer applies everything waiting in one
/// transaction and one commit (group commit), then answers each request. Each decision still becomes durable
/// before its response (synchronous=FULL), but a burst of clicks costs one fsync instead of one each, and
/// writers never fight over SQLite's lock ("database is locked"). It writes with its own prepared statements
/// (<see cref="DecisionSql"/>) and moves the work orders' change stamps itself after the commit.
/// </summary>
public sealed class DecisionWriter(IServiceScopeFactory scopes, WorkOrderChanges changes, TimeProvider clock, ILogger<DecisionWriter> logger) : BackgroundService
{
    private const int MaxBatch = 256;

    /// <summary>Built from the EF Core model on the first batch.</summary>
    private DecisionSql? sql;

    private readonly Channel<Request> queue = Channel.CreateBounded<Request>(new BoundedChannelOptions(10_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private sealed record Request(int WorkOrderId, int DiscrepancyId, CustomerDecision Decision, string? Reason, PortalActor Actor, int? SeenVersion)
    {
        public TaskCompletionSource<DecisionOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task<DecisionOutcome> DecideAsync(int workOrderId, int discrepancyId, CustomerDecision decision, string? reason, PortalActor actor,
        int? seenVersion, CancellationToken cancellationToken)
    {
        var request = new Request(workOrderId, discrepancyId, decision, reason, actor, seenVersion);
        await queue.Writer.WriteAsync(request, cancellationToken);
        return await request.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Request>(MaxBatch);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var request))
                {
                    batch.Add(request);
                }
                await CommitAsync(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            queue.Writer.TryComplete();
            while (queue.Reader.TryRead(out var request))
            {
                request.Done.TrySetCanceled(stoppingToken);
            }
        }
    }

    private async Task CommitAsync(List<Request> batch)
    {
        var outcomes = new DecisionOutcome[batch.Count];
        var committed = new StrongBox<bool>();
        try
        {
            await ApplyAsync(batch, outcomes, committed);
        }
        catch (Exception e) when (committed.Value)
        {
            // The decisions are on disk and the stamps moved; only closing up after the commit failed. Applying
            // them again would record every click twice.
            logger.LogError(e, "Closing the connection after {Count} committed decisions failed", batch.Count);
        }
        catch (Exception e) when (batch.Count > 1)
        {
            // One bad request must not fail its neighbours: retry them one by one.
            logger.LogWarning(e, "A batch of {Count} decisions failed; applying them one at a time", batch.Count);
            foreach (var request in batch)
            {
                await CommitAsync([request]);
            }
            return;
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(outcomes[i]);
        }
    }

    /// <summary>Writes the batch in one transaction, filling in each request's outcome; <paramref name="committed"/> once it is durable.</summary>
    private async Task ApplyAsync(IReadOnlyList<Request> batch, DecisionOutcome[] outcomes, StrongBox<bool> committed)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        sql ??= new DecisionSql(db.Model);
        var now = clock.GetUtcNow();
        var touched = new HashSet<int>();
        // Opened through EF Core, so the connection gets the app's settings (busy timeout).
        await db.Database.OpenConnectionAsync();
        try
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            // BEGIN IMMEDIATE: the write lock is taken before the items are read, so what is read stays true until the commit.
            using var transaction = connection.BeginTransaction(deferred: false);
            using var commands = sql.Prepare(connection, transaction);
            var items = new Dictionary<int, DecisionTarget?>();
            var latest = new Dictionary<int, DecisionChange>();
            for (var i = 0; i < batch.Count; i++)
            {
                var request = batch[i];
                if (!items.TryGetValue(request.DiscrepancyId, out var item))
                {
                    items[request.DiscrepancyId] = item = commands.ReadItem(request.DiscrepancyId);
                }
                if (item is null || item.WorkOrderId != request.WorkOrderId)
                {
                    outcomes[i] = DecisionOutcome.NoSuchItem;
                    continue;
                }
                if (item.WorkOrderClosed)
                {
                    outcomes[i] = DecisionOutcome.Closed;
                    continue;
                }
                // Approving is consenting to the item as shown; rejecting or clearing withdraws and needs no match.
                if (request.Decision == CustomerDecision.Approve && request.SeenVersion is { } seen && seen != item.Version && item.AuthorizationId is null)
                {
                    outcomes[i] = DecisionOutcome.Changed;
                    continue;
                }
                if (CustomerApprovals.Decide(item, request.Decision, request.Reason, request.Actor, now) is not { } change)
                {
                    outcomes[i] = DecisionOutcome.Locked;
                    continue;
                }
                // One audit row per decision; the item keeps the last one.
                commands.InsertActivity(change.Activity);
                latest[item.Id] = change;
                touched.Add(item.WorkOrderId);
                outcomes[i] = DecisionOutcome.Done;
            }
            foreach (var (itemId, change) in latest)
            {
                commands.UpdateItem(itemId, change);
            }
            foreach (var workOrderId in touched)
            {
                commands.TouchWorkOrder(workOrderId, now);
            }
            transaction.Commit();
            committed.Value = true;
            foreach (var workOrderId in touched)
            {
                changes.Changed(workOrderId);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
