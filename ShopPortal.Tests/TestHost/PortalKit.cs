using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopPortal.Data;
using ShopPortal.Services.Portal;

namespace ShopPortal.Tests.TestHost;

/// <summary>Shortcuts for portal tests: make a link as a manager would, find items by number.</summary>
public static class PortalKit
{
    public static async Task<IssuedLink> CreateLinkAsync(this TestApp app, string workOrderNumber, PortalView view, int expiryHours = 48)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var id = await db.WorkOrders.Where(w => w.Number == workOrderNumber).Select(w => w.Id).SingleAsync();
        var links = scope.ServiceProvider.GetRequiredService<PortalLinks>();
        return await links.CreateAsync(id, view, expiryHours, "customer@example.test", null, "Test Manager", keepStaffCopy: false, CancellationToken.None);
    }

    /// <summary>The link's path on this server (links carry the public base URL, tests talk to the test server).</summary>
    public static string Path(this IssuedLink link) => new Uri(link.Url).AbsolutePath;

    public static Task<Discrepancy> ItemAsync(this TestApp app, string workOrderNumber, int sequence) =>
        app.WithDbAsync(db => db.Discrepancies.AsNoTracking().SingleAsync(d => d.WorkOrder.Number == workOrderNumber && d.Sequence == sequence));

    public static Task<int> WorkOrderIdAsync(this TestApp app, string workOrderNumber) =>
        app.WithDbAsync(db => db.WorkOrders.Where(w => w.Number == workOrderNumber).Select(w => w.Id).SingleAsync());

    /// <summary>
    /// A new work order on the first asset with <paramref name="items"/> pending items, each with a part: a test that
    /// approves, rejects or signs gets one of its own and leaves the sample work orders as they were.
    /// </summary>
    public static Task<string> AddWorkOrderAsync(this TestApp app, int items = 3) => app.WithDbAsync(async db =>
    {
        var asset = await db.Assets.OrderBy(a => a.Id).FirstAsync();
        var sequence = await db.WorkOrders.MaxAsync(w => w.Sequence) + 1;
        var now = app.Clock.GetUtcNow();
        var workOrder = new WorkOrder
        {
            Sequence = sequence,
            Number = WorkOrder.FormatNumber(sequence),
            Title = "Squawks from the ramp check",
            Status = WorkOrderStatus.InProgress,
            CustomerId = asset.CustomerId,
            AssetId = asset.Id,
            LaborRate = 95m,
            TaxRate = 8.25m,
            CreatedAt = now,
            UpdatedAt = now,
        };
        for (var i = 1; i <= items; i++)
        {
            workOrder.Discrepancies.Add(new Discrepancy
            {
                Sequence = i,
                Description = $"Ramp check finding {i}",
                CorrectiveAction = $"Correct finding {i} per the maintenance manual.",
                EstimatedHours = i,
                CreatedAt = now,
                Parts = [new PartLine { PartNumber = $"RC-{i:000}", Description = $"Repair kit {i}", Quantity = 1, UnitPrice = 20m * i }],
            });
        }
        db.WorkOrders.Add(workOrder);
        await db.SaveChangesAsync();
        return workOrder.Number;
    });

    public static Task<int> ActivityCountAsync(this TestApp app) => app.WithDbAsync(db => db.PortalActivities.CountAsync());

    /// <summary>A small PNG with a visible stroke, as the signature pad would post it.</summary>
    public static string SignatureDataUrl(int width = 300, int height = 100)
    {
        using var bitmap = new SkiaSharp.SKBitmap(width, height);
        using (var canvas = new SkiaSharp.SKCanvas(bitmap))
        using (var paint = new SkiaSharp.SKPaint { Color = SkiaSharp.SKColors.Black, StrokeWidth = 4, IsStroke = true, IsAntialias = true })
        {
            canvas.Clear(SkiaSharp.SKColors.White);
            canvas.DrawLine(10, height - 20, width - 10, 20, paint);
            canvas.DrawLine(20, 20, width / 2, height - 10, paint);
        }
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return "data:image/png;base64," + Convert.ToBase64String(data.ToArray());
    }
}
