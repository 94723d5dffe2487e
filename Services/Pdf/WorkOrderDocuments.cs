using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Services.Pdf;

/// <summary>A rendered document, ready to send as a download.</summary>
public sealed record PdfFile(string FileName, byte[] Content)
{
    public const string ContentType = "application/pdf";
}

/// <summary>
/// The printable estimate and invoice of a work order, for the staff Work Order page and the customer portal alike.
/// Callers decide who may see which document; this only reads and renders.
/// </summary>
public sealed class WorkOrderDocuments(ShopDbContext db, ShopProfile profile, ReadModelCache cache, TimeProvider clock)
{
    /// <summary>The estimate, with every signature given through the portal; null when the work order does not exist.</summary>
    public async Task<PdfFile?> EstimateAsync(int workOrderId, CancellationToken cancellationToken = default)
    {
        var today = await TodayAsync(cancellationToken);
        return (await cache.GetAsync(workOrderId, async () => await RenderedAsync<RenderedEstimate>(workOrderId, today, "estimate", true, WorkOrderPdf.Estimate,
            (day, file) => new RenderedEstimate(day, file), cancellationToken), estimate => estimate.Day == today, cancellationToken: cancellationToken))?.File;
    }

    /// <summary>The invoice; null when the work order does not exist.</summary>
    public async Task<PdfFile?> InvoiceAsync(int workOrderId, CancellationToken cancellationToken = default)
    {
        var today = await TodayAsync(cancellationToken);
        return (await cache.GetAsync(workOrderId, async () => await RenderedAsync<RenderedInvoice>(workOrderId, today, "invoice", false, WorkOrderPdf.Invoice,
            (day, file) => new RenderedInvoice(day, file), cancellationToken), invoice => invoice.Day == today, cancellationToken: cancellationToken))?.File;
    }

    // A document only changes with its work order (the change stamp of the cache) and with the date printed on it.
    private sealed record RenderedEstimate(DateOnly Day, PdfFile File);

    private sealed record RenderedInvoice(DateOnly Day, PdfFile File);

    // The date printed on a document is the shop's date.
    private async Task<DateOnly> TodayAsync(CancellationToken cancellationToken) => (await profile.GetAsync(cancellationToken)).Today(clock);

    private async Task<T?> RenderedAsync<T>(int workOrderId, DateOnly day, string kind, bool withSignatures, Func<WorkOrderDocument, byte[]> render,
        Func<DateOnly, PdfFile, T> wrap, CancellationToken cancellationToken) where T : class
    {
        var document = await LoadAsync(workOrderId, withSignatures, cancellationToken);
        return document is null ? null : wrap(day, new PdfFile($"{document.Number}-{kind}.pdf", await RenderAsync(render, document, cancellationToken)));
    }

    // Rendering is pure CPU with native buffers: more renders at once than cores only add memory and latency.
    private static readonly SemaphoreSlim Renderers = new(Environment.ProcessorCount);

    private static async Task<byte[]> RenderAsync(Func<WorkOrderDocument, byte[]> render, WorkOrderDocument document, CancellationToken cancellationToken)
    {
        await Renderers.WaitAsync(cancellationToken);
        try
        {
            return render(document);
        }
        finally
        {
            Renderers.Release();
        }
    }

    public async Task<WorkOrderDocument?> LoadAsync(int workOrderId, bool withSignatures, CancellationToken cancellationToken = default)
    {
        var workOrder = await db.WorkOrders.AsNoTracking().AsSplitQuery()
            .Where(w => w.Id == workOrderId)
            .Select(w => new
            {
                w.Number,
                w.Title,
                w.Status,
                w.LaborRate,
                w.TaxRate,
                Customer = new DocumentCustomer(w.Customer.Name, w.Customer.Company, w.Customer.Email, w.Customer.Phone),
                w.Asset.Registration,
                w.Asset.Year,
                w.Asset.Make,
                w.Asset.Model,
                Items = w.Discrepancies.OrderBy(d => d.Sequence).Select(d => new
                {
                    d.Sequence,
                    d.Description,
                    d.CorrectiveAction,
                    d.EstimatedHours,
                    d.ApprovalStatus,
                    Signed = d.AuthorizationId != null,
                    Parts = d.Parts.OrderBy(p => p.Id).Select(p => new DocumentPart(p.PartNumber, p.Description, p.Quantity, p.UnitPrice)).ToList(),
                    Hours = d.Labor.Select(l => l.Hours).ToList(),
                }).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (workOrder is null)
        {
            return null;
        }

        var signatures = withSignatures
            ? await db.WorkAuthorizations.AsNoTracking()
                .Where(a => a.WorkOrderId == workOrderId)
                .OrderBy(a => a.SignedAt).ThenBy(a => a.Id)
                .Select(a => new { a.SignerName, a.SignedAt, a.SignaturePng, a.SnapshotJson })
                .ToListAsync(cancellationToken)
            : [];

        var shop = await profile.GetAsync(cancellationToken);
        var asset = string.Join(' ', new[] { workOrder.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture), workOrder.Make, workOrder.Model }
            .Where(s => !string.IsNullOrWhiteSpace(s)));
        return new WorkOrderDocument(
            new DocumentShop(shop.ShopName, shop.Address, shop.Phone, shop.Email, shop.Currency, shop.Zone()),
            workOrder.Number,
            workOrder.Title,
            clock.GetUtcNow(),
            workOrder.Customer,
            new DocumentAsset(workOrder.Registration, asset.Length == 0 ? null : asset),
            workOrder.LaborRate,
            workOrder.TaxRate,
            [.. workOrder.Items.Select(d => new DocumentItem(
                d.Sequence,
                d.Description,
                d.CorrectiveAction,
                d.ApprovalStatus,
                d.Signed,
                WorkOrderMath.Item(d.EstimatedHours, d.Hours, d.Parts.Select(p => p.Amount), workOrder.LaborRate),
                d.Parts))],
            [.. signatures.Select(s => new DocumentSignature(s.SignerName, s.SignedAt, s.SignaturePng, AuthorizationSnapshot.Parse(s.SnapshotJson)))],
            workOrder.Status.AcceptsDecisions());
    }
}
