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
