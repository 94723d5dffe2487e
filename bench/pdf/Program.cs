using System.Diagnostics;
using System.Globalization;
using ShopPortal.Data;
using ShopPortal.Services;
using ShopPortal.Services.Pdf;
using SkiaSharp;

// Renders a 20-discrepancy estimate (with one captured signature and pending items, so every part of the
// document is drawn) many times after a warm-up, and reports time per render and the process's memory.
var renders = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var output = args.Length > 1 ? args[1] : null;
const int WarmUp = 200;

var document = Sample.Estimate(items: 20);
if (output is not null)
{
    File.WriteAllBytes(output, WorkOrderPdf.Estimate(document));
    File.WriteAllBytes(Path.ChangeExtension(output, null) + "-invoice.pdf", WorkOrderPdf.Invoice(document));
}

for (var i = 0; i < WarmUp; i++)
{
    WorkOrderPdf.Estimate(document);
}
var process = Process.GetCurrentProcess();
var startSet = WorkingSet(process);
var times = new double[renders];
var size = 0;
var clock = new Stopwatch();
Console.WriteLine($"{renders} renders of a {document.Items.Count}-discrepancy estimate after {WarmUp} warm-up renders");
for (var i = 0; i < renders; i++)
{
    clock.Restart();
    size = WorkOrderPdf.Estimate(document).Length;
    times[i] = clock.Elapsed.TotalMilliseconds;
    if ((i + 1) % (renders / 5) == 0)
    {
        Console.WriteLine($"  after {i + 1,5}: working set {WorkingSet(process)} MB, managed heap {GC.GetTotalMemory(false) / 1048576.0:0.0} MB");
    }
}
var endSet = WorkingSet(process);
Array.Sort(times);
Console.WriteLine($"PDF size {size / 1024.0:0.0} KB, {PageCount(WorkOrderPdf.Estimate(document))} pages");
Console.WriteLine($"median {times[renders / 2]:0.00} ms, p95 {times[(int)(renders * 0.95)]:0.00} ms, min {times[0]:0.00} ms, max {times[^1]:0.00} ms");
Console.WriteLine($"working set {startSet} MB at start, {endSet} MB at end");

static long WorkingSet(Process process)
{
    process.Refresh();
    return process.WorkingSet64 / 1048576;
}

static int PageCount(byte[] pdf) =>
    System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page\b");

internal static class Sample
{
    public static WorkOrderDocument Estimate(int items)
    {
        var now = new DateTimeOffset(2026, 11, 23, 15, 30, 0, TimeSpan.Zero);
        var list = new List<DocumentItem>();
        for (var i = 1; i <= items; i++)
        {
            var parts = new List<DocumentPart>
            {
                new($"KA-{4000 + i}", $"Consumable kit, task card {i:00}", 1 + i % 3, 14.75m + i),
                new($"MS29513-{300 + i}", "O-ring", 2, 3.15m),
            };
            var approval = (i % 3) switch { 0 => CustomerApprovalStatus.Approved, 1 => CustomerApprovalStatus.Pending, _ => CustomerApprovalStatus.Rejected };
            var hours = 0.5m + (i % 4) * 0.75m;
            list.Add(new DocumentItem(i, $"Phase 3 task card {i:00}: inspect zone {100 + i * 10} per maintenance manual",
                $"Inspect zone {100 + i * 10}, correct findings, lubricate and record per task card {i:00}.",
                approval, approval == CustomerApprovalStatus.Approved,
                WorkOrderMath.Item(hours, [0.25m + (i % 5) * 0.5m], parts.Select(p => p.Amount), 95m), parts));
        }
        var approved = list.Where(i => i.Approval == CustomerApprovalStatus.Approved).ToList();
        var totals = WorkOrderMath.Estimate(approved.Select(i => (i.Approval, i.Figures.EstimateAmount)), 8.25m);
        var snapshot = new AuthorizationSnapshot("WO-1004", "N350RT", "USD",
            [.. approved.Select(i => new AuthorizedItem(i.Sequence, i.Sequence, i.Description, i.Figures.EstimateAmount))],
            totals.Approved, totals.ApprovedTax, totals.ApprovedTotal);
        return new WorkOrderDocument(
            new DocumentShop("Red Rock Aviation Services", "1200 Airport Road, Hangar 4\nSedona, AZ 86336", "+1 555 0100", "service@redrock-aviation.example", "USD", TimeZoneInfo.Utc),
            "WO-1004", "Phase 3 inspection", now,
            new DocumentCustomer("Owen Castillo", "Red Tail Aviation", "ops@redtail-aviation.example", "+1 555 0190"),
            new DocumentAsset("N350RT", "2009 Beechcraft King Air 350"),
            95m, 8.25m, list,
            [new DocumentSignature("Owen Castillo", now.AddHours(-3), SignaturePng(), snapshot)]);
    }

    private static byte[] SignaturePng()
    {
        using var bitmap = new SKBitmap(480, 160);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.Transparent);
        using var pen = new SKPaint { Color = SKColors.Navy, StrokeWidth = 4, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round };
        using var path = new SKPath();
        path.MoveTo(20, 110);
        path.CubicTo(80, 10, 120, 150, 180, 70);
        path.CubicTo(220, 20, 260, 140, 320, 90);
        path.CubicTo(360, 60, 400, 120, 460, 80);
        canvas.DrawPath(path, pen);
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
