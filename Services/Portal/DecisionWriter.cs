using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Services.Portal;

/// <summary>
/// The single writer for customer decisions. Requests queue up; the writer applies everything waiting in one
/// transaction and one commit (group commit), then answers each request. Each decision still becomes durable
/// before its response (synchronous=FULL), but a burst of clicks costs one fsync instead of one each, and
/// writers never fight over SQLite's lock ("database is locked").
/// </summary>
public sealed class DecisionWriter(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DecisionWriter> logger) : BackgroundService
{
    private const int MaxBatch = 256;

    private readonly Channel<Request> queue = Channel.CreateBounded<Request>(new BoundedChannelOptions(10_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private sealed record Request(int WorkOrderId, int DiscrepancyId, CustomerDecision Decision, string? Reason, PortalActor Actor)
    {
        public TaskCompletionSource<DecisionOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task<DecisionOutcome> DecideAsync(int workOrderId, int discrepancyId, CustomerDecision decision, string? reason, PortalActor actor,
        CancellationToken cancellationToken)
    {
        var request = new Request(workOrderId, discrepancyId, decision, reason, actor);
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
        try
        {
            var outcomes = await ApplyAsync(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(outcomes[i]);
            }
        }
        catch (Exception e) when (batch.Count > 1)
        {
            // One bad request must not fail its neighbours: retry them one by one.
            logger.LogWarning(e, "A batch of {Count} decisions failed; applying them one at a time", batch.Count);
            foreach (var request in batch)
            {
                await CommitAsync([request]);
            }
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
        }
    }

    private async Task<DecisionOutcome[]> ApplyAsync(IReadOnlyList<Request> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var ids = batch.Select(r => r.DiscrepancyId).Distinct().ToList();
        var items = await db.Discrepancies.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id);
        var now = clock.GetUtcNow();
        var outcomes = new DecisionOutcome[batch.Count];
        var touched = new HashSet<int>();
        for (var i = 0; i < batch.Count; i++)
        {
            var request = batch[i];
            if (!items.TryGetValue(request.DiscrepancyId, out var item) || item.WorkOrderId != request.WorkOrderId)
            {
                outcomes[i] = DecisionOutcome.NoSuchItem;
                continue;
            }
            outcomes[i] = CustomerApprovals.Apply(db, item, request.Decision, request.Reason, request.Actor, now);
            if (outcomes[i] == DecisionOutcome.Done)
            {
                touched.Add(item.WorkOrderId);
            }
        }
        foreach (var workOrderId in touched)
        {
            await db.TouchWorkOrderAsync(workOrderId, now, CancellationToken.None);
        }
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return outcomes;
    }
}
