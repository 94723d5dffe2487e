using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Services.Portal;

/// <summary>Everything a portal view of one work order can show. Which parts are shown depends on the view.</summary>
public sealed record PortalWorkOrder(
    int Id, string Number, string Title, WorkOrderStatus Status, string CustomerName, string AssetRegistration, string AssetDescription,
    decimal LaborRate, decimal TaxRate, IReadOnlyList<PortalItem> Items, IReadOnlyList<PortalSignature> Signatures)
{
    public EstimateTotals Estimate { get; } = WorkOrderMath.Estimate(Items.Select(i => (i.ApprovalStatus, i.Figures.EstimateAmount)), TaxRate);
    public InvoiceTotals Invoice { get; } = WorkOrderMath.Invoice(Items.Select(i => (i.ApprovalStatus, i.Figures)), TaxRate);
    /// <summary>The hours of the work to do: a rejected item is not done, so its hours are left out of the total.</summary>
    public decimal EstimatedHours { get; } = Items.Where(i => i.ApprovalStatus != CustomerApprovalStatus.Rejected).Sum(i => i.Figures.EstimatedHours);
    public decimal ActualHours { get; } = Items.Where(i => i.ApprovalStatus != CustomerApprovalStatus.Rejected).Sum(i => i.Figures.ActualHours);
    public bool HasRejected => Items.Any(i => i.ApprovalStatus == CustomerApprovalStatus.Rejected);

    public bool AcceptsDecisions => Status.AcceptsDecisions();
    public bool HasApprovedUnsigned => Items.Any(i => i.ApprovalStatus == CustomerApprovalStatus.Approved && !i.Locked);

    private PendingSigning? signing;

    /// <summary>The portal pages of this copy, per link and kind of visitor (customer or staff preview).</summary>
    public RenderedPages<(string Token, bool StaffPreview)> Pages { get; } = new();

    /// <summary>What the customer would sign now, its consent text and hash; worked out once per cached copy.</summary>
    public PendingSigning? Signing(string currency, string shopName)
    {
        if (signing is { } memo && memo.Currency == currency && memo.ShopName == shopName)
        {
            return memo.Snapshot is null ? null : memo;
        }
        var snapshot = WorkAuthorizations.PendingSnapshot(this, currency);
        var computed = snapshot is null
            ? new PendingSigning(currency, shopName, null, "", "")
            : new PendingSigning(currency, shopName, snapshot, WorkAuthorizations.ConsentText(snapshot, shopName), AuthorizationSnapshot.Sha256Hex(snapshot.ToJson()));
        signing = computed;
        return computed.Snapshot is null ? null : computed;
    }
}

public sealed record PendingSigning(string Currency, string ShopName, AuthorizationSnapshot? Snapshot, string ConsentText, string Sha256);

public sealed record PortalItem(
    int Id, int Sequence, string Description, string? CorrectiveAction, DiscrepancyWorkStatus WorkStatus,
    CustomerApprovalStatus ApprovalStatus, DateTimeOffset? ApprovalChangedAt, string? RejectionReason, decimal? ApprovedAmount,
    string? CustomerInstructions, bool Locked, int Version, ItemFigures Figures, IReadOnlyList<PortalPart> Parts, IReadOnlyList<PortalComment> Comments);

public sealed record PortalPart(string PartNumber, string Description, decimal Quantity, decimal UnitPrice, decimal Amount);

public sealed record PortalComment(CommentAuthorKind AuthorKind, string AuthorName, string Body, DateTimeOffset CreatedAt);

/// <summary>A signature as the portal lists it; <see cref="Currency"/> is the one signed in, whatever the shop uses now.</summary>
public sealed record PortalSignature(string SignerName, DateTimeOffset SignedAt, decimal Total, string Currency, string Items);

/// <summary>Reads a work order for the portal in a few no-tracking queries, or from the cache while unchanged.</summary>
public sealed class PortalWorkOrders(ShopDbContext db, ReadModelCache cache)
{
    public Task<PortalWorkOrder?> GetAsync(int workOrderId, CancellationToken cancellationToken) =>
        cache.GetAsync(workOrderId, () => LoadAsync(workOrderId, cancellationToken), cancellationToken: cancellationToken);

    /// <summary>The copy in memory, however old (the latest only when there is none): for picking an item a post names.</summary>
    public Task<PortalWorkOrder?> GetRecentAsync(int workOrderId, CancellationToken cancellationToken) =>
        cache.GetRecentAsync(workOrderId, () => LoadAsync(workOrderId, cancellationToken), cancellationToken);

    /// <summary>Straight from the database, for decisions that must see the latest committed state.</summary>
    public async Task<PortalWorkOrder?> LoadAsync(int workOrderId, CancellationToken cancellationToken)
    {
        var header = await db.WorkOrders.AsNoTracking().Where(w => w.Id == workOrderId)
            .Select(w => new
            {
                w.Id,
                w.Number,
                w.Title,
                w.Status,
                Customer = w.Customer.Company ?? w.Customer.Name,
                w.Asset.Registration,
                w.Asset.Make,
                w.Asset.Model,
                w.Asset.Year,
                w.LaborRate,
                w.TaxRate,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (header is null)
        {
            return null;
        }

        var items = await db.Discrepancies.AsNoTracking().AsSplitQuery().Where(d => d.WorkOrderId == workOrderId).OrderBy(d => d.Sequence)
            .Select(d => new
            {
                d.Id,
                d.Sequence,
                d.Description,
                d.CorrectiveAction,
                d.WorkStatus,
                d.ApprovalStatus,
                d.ApprovalChangedAt,
                d.RejectionReason,
                d.ApprovedAmount,
                d.CustomerInstructions,
                d.AuthorizationId,
                d.Version,
                d.EstimatedHours,
                Labor = d.Labor.Select(l => l.Hours).ToList(),
                Parts = d.Parts.OrderBy(p => p.Id).Select(p => new { p.PartNumber, p.Description, p.Quantity, p.UnitPrice }).ToList(),
                Comments = d.Comments.Where(c => c.DeletedAt == null).OrderBy(c => c.CreatedAt)
                    .Select(c => new PortalComment(c.AuthorKind, c.AuthorName, c.Body, c.CreatedAt)).ToList(),
            })
            .ToListAsync(cancellationToken);

        var signatures = await db.WorkAuthorizations.AsNoTracking().Where(a => a.WorkOrderId == workOrderId).OrderBy(a => a.SignedAt)
            .Select(a => new { a.SignerName, a.SignedAt, a.Total, a.SnapshotJson, Items = a.Discrepancies.OrderBy(d => d.Sequence).Select(d => d.Sequence).ToList() })
            .ToListAsync(cancellationToken);

        var portalItems = items.ConvertAll(d =>
        {
            var parts = d.Parts.ConvertAll(p => new PortalPart(p.PartNumber, p.Description, p.Quantity, p.UnitPrice, Money.Line(p.Quantity, p.UnitPrice)));
            var figures = WorkOrderMath.Item(d.EstimatedHours, d.Labor, parts.Select(p => p.Amount), header.LaborRate);
            return new PortalItem(d.Id, d.Sequence, d.Description, d.CorrectiveAction, d.WorkStatus, d.ApprovalStatus, d.ApprovalChangedAt,
                d.RejectionReason, d.ApprovedAmount, d.CustomerInstructions, d.AuthorizationId is not null, d.Version, figures, parts, d.Comments);
        });
        var asset = string.Join(' ', new[] { header.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture), header.Make, header.Model }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new PortalWorkOrder(header.Id, header.Number, header.Title, header.Status, header.Customer, header.Registration, asset,
            header.LaborRate, header.TaxRate, portalItems,
            signatures.ConvertAll(s => new PortalSignature(s.SignerName, s.SignedAt, s.Total, AuthorizationSnapshot.Parse(s.SnapshotJson).Currency, string.Join(", ", s.Items))));
    }
}
