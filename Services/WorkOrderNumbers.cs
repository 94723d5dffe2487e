using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Services;

/// <summary>Allocates the next human work order number (WO-1001, WO-1002, ...).</summary>
public sealed class WorkOrderNumbers(ShopDbContext db)
{
    public const int First = 1001;

    /// <summary>Call inside the transaction that inserts the work order; the unique index guards the rest.</summary>
    public async Task<(int Sequence, string Number)> NextAsync(CancellationToken cancellationToken)
    {
        var max = await db.WorkOrders.MaxAsync(w => (int?)w.Sequence, cancellationToken);
        var sequence = Math.Max(max.GetValueOrDefault() + 1, First);
        return (sequence, WorkOrder.FormatNumber(sequence));
    }
}
