using System.Globalization;
using ShopPortal.Data;
using SkiaSharp;

namespace ShopPortal.Services.Pdf;

/// <summary>The printed estimate and invoice of a work order, typeset with <see cref="PdfLayout"/>.</summary>
public static class WorkOrderPdf
{
    private static readonly SKColor Ink = PdfLayout.Ink, Muted = PdfLayout.Muted, Accent = new(0xFF1F4E79), Soft = new(0xFF475467);
    private static readonly PdfStyle ShopName = new(15, PdfWeight.Bold, Ink);
    private static readonly PdfStyle DocumentTitle = new(20, PdfWeight.Bold, Accent);
    private static readonly PdfStyle Number = new(11, PdfWeight.Bold, Ink);
    private static readonly PdfStyle Heading = new(11, PdfWeight.Bold, Ink);
    private static readonly PdfStyle Label = new(7, PdfWeight.Bold, Muted);
    private static readonly PdfStyle Body = new(8.5f, PdfWeight.Regular, Ink);
    private static readonly PdfStyle Strong = new(8.5f, PdfWeight.Bold, Ink);
    private static readonly PdfStyle Detail = new(8, PdfWeight.Regular, Soft);
    private static readonly PdfStyle Small = new(7.5f, PdfWeight.Regular, Muted);
    private static readonly PdfStyle Total = new(10, PdfWeight.Bold, Ink);

    public static byte[] Estimate(WorkOrderDocument document)
    {
        using var layout = new PdfLayout($"{document.Number} · Estimate · {document.Shop.Name}");
        Header(layout, document, "ESTIMATE");

        var fixedWidth = 24f + 40 + 56 + 56 + 60 + 58;
        layout.Table(
            [
                new("#", 24, SKTextAlign.Right),
                new("Discrepancy and corrective action", PdfLayout.Width - fixedWidth),
                new("Est. hours", 40, SKTextAlign.Right),
                new("Labor", 56, SKTextAlign.Right),
                new("Parts", 56, SKTextAlign.Right),
                new("Total", 60, SKTextAlign.Right),
                new("Approval", 58),
            ],
            document.Items.Select(item => new PdfRow(
            [
                [new(Count(item.Sequence), Body)],
                ItemCell(document, item),
                [new(WorkOrderMath.Hours(item.Figures.EstimatedHours), Body)],
                [new(document.Money(item.Figures.EstimatedLabor), Body)],
                [new(document.Money(item.Figures.Parts), Body)],
                [new(document.Money(item.Figures.EstimateAmount), Strong)],
                ApprovalCell(item),
            ])));

        var totals = document.Estimate;
        Totals(layout,
            [
                ("Approved", document.Money(totals.Approved)),
                ("Pending approval", document.Money(totals.Pending)),
                ("Rejected (not included)", document.Money(totals.Rejected)),
                ($"Tax ({Percent(document.TaxRate)})", document.Money(totals.Tax)),
            ],
            ("Estimate total", document.Money(totals.Total)),
            $"Labor at {document.Money(document.LaborRate)} per hour. Amounts are estimates; the invoice bills the hours actually worked.");

        if (document.Signatures.Count > 0)
        {
            layout.Space(18);
            for (var i = 0; i < document.Signatures.Count; i++)
            {
                CapturedSignature(layout, document, document.Signatures[i], i == 0 ? "Customer authorization" : null);
            }
        }

        // An invoiced or closed work order takes no more signatures, on paper or in the portal.
        var pending = document.Items.Where(i => i.Approval == CustomerApprovalStatus.Pending).ToList();
        if (pending.Count > 0 && document.AcceptsSignatures)
        {
            SignatureBlock(layout, document, pending, totals.Pending);
        }
        return layout.ToPdf($"Estimate {document.Number}", document.Shop.Name, document.IssuedAt);
    }

    private static void NotBilled(PdfLayout layout, string heading, IEnumerable<DocumentItem> items)
    {
        var list = items.ToList();
        if (list.Count > 0)
        {
            layout.Space(6);
            layout.Paragraph(new(heading + string.Join("; ", list.Select(i => $"item {Count(i.Sequence)}, {i.Description}")) + ".", Small));
        }
    }

    public static byte[] Invoice(WorkOrderDocument document)
    {
        var kind = document.InvoiceIsFinal ? "Invoice" : "Invoice to date";
        using var layout = new PdfLayout($"{document.Number} · {kind} · {document.Shop.Name}");
        Header(layout, document, kind.ToUpperInvariant());

        var billed = document.Items.Where(i => WorkOrderMath.IsBilled(i.Approval)).ToList();
        var fixedWidth = 24f + 44 + 62 + 62 + 66;
        layout.Table(
            [
                new("#", 24, SKTextAlign.Right),
                new("Discrepancy and work performed", PdfLayout.Width - fixedWidth),
                new("Hours", 44, SKTextAlign.Right),
                new("Labor", 62, SKTextAlign.Right),
                new("Parts", 62, SKTextAlign.Right),
                new("Amount", 66, SKTextAlign.Right),
            ],
            billed.Select(item => new PdfRow(
            [
                [new(Count(item.Sequence), Body)],
                ItemCell(document, item),
                [new(WorkOrderMath.Hours(item.Figures.ActualHours), Body)],
                [new(document.Money(item.Figures.BilledLabor), Body)],
                [new(document.Money(item.Figures.Parts), Body)],
                [new(document.Money(item.Figures.InvoiceAmount), Strong)],
            ])));

        NotBilled(layout, "Not billed, declined by the customer: ", document.Items.Where(i => i.Approval == CustomerApprovalStatus.Rejected));
        NotBilled(layout, "Not billed, awaiting the customer's approval: ", document.Items.Where(i => i.Approval == CustomerApprovalStatus.Pending));

        var totals = document.Invoice;
        Totals(layout,
            [
                ($"Labor ({WorkOrderMath.Hours(totals.ActualHours)})", document.Money(totals.Labor)),
                ("Parts", document.Money(totals.Parts)),
                ("Subtotal", document.Money(totals.Subtotal)),
                ($"Tax ({Percent(document.TaxRate)})", document.Money(totals.Tax)),
            ],
            (document.InvoiceIsFinal ? "Total due" : "Total to date", document.Money(totals.Total)),
            $"Labor billed at {document.Money(document.LaborRate)} per hour worked." + (document.InvoiceIsFinal ? ""
                : $" {document.Number} is not invoiced yet: this is the work to date, and the final invoice can differ."));
        return layout.ToPdf($"{kind} {document.Number}", document.Shop.Name, document.IssuedAt);
    }

    /// <summary>Shop and document on one line, then customer, asset and work order side by side.</summary>
    private static void Header(PdfLayout layout, WorkOrderDocument document, string kind)
    {
        var shop = document.Shop;
        var shopWidth = PdfLayout.Width * 0.6f;
        var address = shop.Address is null ? [] : layout.Wrap(shop.Address, Body, shopWidth);
        var contact = string.Join("  ·  ", new[] { shop.Phone, shop.Email }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var contactLines = contact.Length == 0 ? [] : layout.Wrap(contact, Body, shopWidth);
        var shopName = layout.Wrap(shop.Name, ShopName, shopWidth);
        var left = shopName.Count * PdfLayout.LineHeight(ShopName) + (address.Count + contactLines.Count) * PdfLayout.LineHeight(Body);
        var right = PdfLayout.LineHeight(DocumentTitle) + PdfLayout.LineHeight(Number) + 2 * PdfLayout.LineHeight(Body);

        layout.Keep(Math.Max(left, right) + 8, top =>
        {
            var y = top;
            foreach (var line in shopName)
            {
                layout.Text(PdfLayout.Left, y, line, ShopName);
                y += PdfLayout.LineHeight(ShopName);
            }
            foreach (var line in address.Concat(contactLines))
            {
                layout.Text(PdfLayout.Left, y, line, Body);
                y += PdfLayout.LineHeight(Body);
            }

            y = top;
            layout.Text(PdfLayout.Right, y, kind, DocumentTitle, SKTextAlign.Right);
            y += PdfLayout.LineHeight(DocumentTitle);
            layout.Text(PdfLayout.Right, y, document.Number, Number, SKTextAlign.Right);
            y += PdfLayout.LineHeight(Number);
            layout.Text(PdfLayout.Right, y, "Date: " + document.Shop.Zone.Date(document.IssuedAt, "MMM d, yyyy"), Body, SKTextAlign.Right);
        });
        layout.Keep(14, top => layout.Line(PdfLayout.Left, top + 2, PdfLayout.Right, top + 2, Accent, 1.5f));

        var customer = document.Customer;
        InfoBoxes(layout,
            ("CUSTOMER", [new(customer.Name, Strong), .. Optional(customer.Company, customer.Email, customer.Phone)]),
            ("ASSET", [new(document.Asset.Registration, Strong), .. Optional(document.Asset.Description)]),
            ("WORK ORDER", [new(document.Title, Strong), new($"{document.Number} · labor {document.Money(document.LaborRate)}/h", Body)]));
        layout.Space(14);
    }

    private static IEnumerable<PdfText> Optional(params string?[] lines) =>
        lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => new PdfText(l!, Body));

    private static void InfoBoxes(PdfLayout layout, params (string Label, PdfText[] Lines)[] boxes)
    {
        const float Gap = 10, Padding = 7;
        var width = (PdfLayout.Width - Gap * (boxes.Length - 1)) / boxes.Length;
        var wrapped = boxes.Select(b => (b.Label, Lines: b.Lines.SelectMany(t => layout.Wrap(t.Text, t.Style, width - 2 * Padding).Select(l => (Text: l, t.Style))).ToList())).ToList();
        var height = wrapped.Max(b => PdfLayout.LineHeight(Label) + 2 + b.Lines.Sum(l => PdfLayout.LineHeight(l.Style))) + 2 * Padding;

        layout.Keep(height, top =>
        {
            var x = PdfLayout.Left;
            foreach (var (label, lines) in wrapped)
            {
                layout.Rectangle(SKRect.Create(x, top, width, height), PdfLayout.Shade);
                var y = top + Padding;
                layout.Text(x + Padding, y, label, Label);
                y += PdfLayout.LineHeight(Label) + 2;
                foreach (var (text, style) in lines)
                {
                    layout.Text(x + Padding, y, text, style);
                    y += PdfLayout.LineHeight(style);
                }
                x += width + Gap;
            }
        });
    }

    private static PdfText[] ItemCell(WorkOrderDocument document, DocumentItem item) =>
    [
        new(item.Description, Strong),
        .. string.IsNullOrWhiteSpace(item.CorrectiveAction) ? [] : new PdfText[] { new(item.CorrectiveAction, Detail) },
        .. item.Parts.Select(p => new PdfText(
            $"{p.PartNumber} {p.Description}: {p.Quantity.ToString("0.###", CultureInfo.InvariantCulture)} × {document.Money(p.UnitPrice)} = {document.Money(p.Amount)}", Small)),
    ];

    private static PdfText[] ApprovalCell(DocumentItem item)
    {
        var (label, color) = item.Approval switch
        {
            CustomerApprovalStatus.Approved => ("Approved", new SKColor(0xFF067647)),
            CustomerApprovalStatus.Rejected => ("Rejected", new SKColor(0xFFB42318)),
            _ => ("Pending", new SKColor(0xFFB54708)),
        };
        return item.Signed ? [new(label, Strong with { Color = color }), new("Signed", Small)] : [new(label, Strong with { Color = color })];
    }

    /// <summary>The totals box on the right, an explanatory note on its left.</summary>
    private static void Totals(PdfLayout layout, (string Label, string Value)[] lines, (string Label, string Value) total, string note)
    {
        const float BoxWidth = 230, Padding = 7;
        var noteWidth = PdfLayout.Width - BoxWidth - 20;
        var noteLines = layout.Wrap(note, Small, noteWidth);
        var lineHeight = PdfLayout.LineHeight(Body);
        var height = lines.Length * lineHeight + PdfLayout.LineHeight(Total) + 3 * Padding;

        layout.Space(10);
        layout.Keep(Math.Max(height, noteLines.Count * PdfLayout.LineHeight(Small)), top =>
        {
            var y = top;
            foreach (var line in noteLines)
            {
                layout.Text(PdfLayout.Left, y, line, Small);
                y += PdfLayout.LineHeight(Small);
            }

            var left = PdfLayout.Right - BoxWidth;
            layout.Rectangle(SKRect.Create(left, top, BoxWidth, height), PdfLayout.Shade);
            y = top + Padding;
            foreach (var (label, value) in lines)
            {
                layout.Text(left + Padding, y, label, Body);
                layout.Text(PdfLayout.Right - Padding, y, value, Body, SKTextAlign.Right);
                y += lineHeight;
            }
            y += Padding / 2;
            layout.Line(left + Padding, y, PdfLayout.Right - Padding, y, Ink, 0.75f);
            y += Padding / 2;
            layout.Text(left + Padding, y, total.Label, Total);
            layout.Text(PdfLayout.Right - Padding, y, total.Value, Total, SKTextAlign.Right);
        });
    }

    /// <summary>A section's heading; callers draw it inside a kept block, so it never ends a page alone.</summary>
    private static void SectionHeading(PdfLayout layout, string title)
    {
        layout.Paragraph(new(title, Heading));
        layout.Space(4);
    }

    /// <summary>
    /// A signature given through the portal: the drawn image, who signed and when, and what it authorized, on one page
    /// (or, when longer than a page, the image with the start of its table); the first one under the section's heading.
    /// </summary>
    private static void CapturedSignature(PdfLayout layout, WorkOrderDocument document, DocumentSignature signature, string? heading)
    {
        const float ImageWidth = 190, ImageHeight = 64;
        // A long name (the portal takes 200 characters, spaces or not) wraps beside the image instead of running off the page.
        var textLeft = PdfLayout.Left + ImageWidth + 20;
        var signedBy = layout.Wrap("Signed by " + signature.SignerName, Strong, PdfLayout.Right - textLeft);
        var textHeight = 12 + signedBy.Count * PdfLayout.LineHeight(Strong) + PdfLayout.LineHeight(Body) + PdfLayout.LineHeight(Small);
        void Signed() => layout.Keep(Math.Max(ImageHeight + 26, textHeight + 4), top =>
        {
            var box = SKRect.Create(PdfLayout.Left, top, ImageWidth, ImageHeight);
            if (!layout.Image(signature.SignaturePng, box))
            {
                layout.Text(box.Left, box.MidY - 6, "(signature image unreadable)", Small);
            }
            layout.Line(box.Left, box.Bottom + 2, box.Right, box.Bottom + 2, Ink, 0.75f);
            layout.Text(box.Left, box.Bottom + 5, "Signature", Label);

            var y = top + 12;
            foreach (var line in signedBy)
            {
                layout.Text(textLeft, y, line, Strong);
                y += PdfLayout.LineHeight(Strong);
            }
            layout.Text(textLeft, y, document.Shop.Zone.Zoned(signature.SignedAt, "MMM d, yyyy 'at' HH:mm"), Body);
            y += PdfLayout.LineHeight(Body);
            layout.Text(textLeft, y, "Signed digitally through the customer portal", Small);
        });

        var snapshot = signature.Snapshot;
        layout.KeepTogether(() => layout.Table(
            [new("#", 24, SKTextAlign.Right), new("Authorized item", PdfLayout.Width - 24 - 80), new("Amount", 80, SKTextAlign.Right)],
            [
                .. snapshot.Items.Select(i => new PdfRow([[new(Count(i.Sequence), Body)], [new(i.Description, Body)], [new(ShopProfile.FormatMoney(i.Amount, snapshot.Currency), Body)]])),
                new PdfRow([[], [new("Authorized total (tax included)", Strong)], [new(ShopProfile.FormatMoney(snapshot.Total, snapshot.Currency), Strong)]]),
            ],
            before: () =>
            {
                if (heading is not null)
                {
                    SectionHeading(layout, heading);
                }
                Signed();
            }));
        layout.Space(16);
    }

    /// <summary>
    /// For a signature on paper: the items still pending, then signature, printed name and date lines. The block stays on
    /// one page; one longer than a page keeps its heading with the start of the table and the lines with its end.
    /// </summary>
    private static void SignatureBlock(PdfLayout layout, WorkOrderDocument document, IReadOnlyList<DocumentItem> pending, decimal pendingTotal)
    {
        const float Writing = 30, Caption = 14;
        layout.Space(18);
        layout.KeepTogether(() => layout.Table(
            [new("#", 24, SKTextAlign.Right), new("Pending item", PdfLayout.Width - 24 - 80), new("Estimate", 80, SKTextAlign.Right)],
            [
                .. pending.Select(i => new PdfRow([[new(Count(i.Sequence), Body)], [new(i.Description, Body)], [new(document.Money(i.Figures.EstimateAmount), Body)]])),
                new PdfRow([[], [new("Pending items total (before tax)", Strong)], [new(document.Money(pendingTotal), Strong)]]),
            ],
            before: () =>
            {
                SectionHeading(layout, "Authorization of pending items");
                layout.Paragraph(new("The items below are awaiting your approval. By signing, you authorize the shop to perform them for the estimated amounts, plus applicable tax.", Body));
                layout.Space(6);
            },
            after: () => layout.Keep(2 * (Writing + Caption) + 4, top =>
            {
                var dateWidth = 150f;
                var signatureWidth = PdfLayout.Width - dateWidth - 30;
                SignatureLine(layout, PdfLayout.Left, top + Writing, signatureWidth, "Signature");
                SignatureLine(layout, PdfLayout.Right - dateWidth, top + Writing, dateWidth, "Date");
                SignatureLine(layout, PdfLayout.Left, top + 2 * Writing + Caption, signatureWidth, "Printed name");
            })));
    }

    private static void SignatureLine(PdfLayout layout, float x, float y, float width, string caption)
    {
        layout.Line(x, y, x + width, y, Ink, 0.75f);
        layout.Text(x, y + 3, caption, Label);
    }

    private static string Count(int number) => number.ToString(CultureInfo.InvariantCulture);

    private static string Percent(decimal rate) => rate.ToString("0.###", CultureInfo.InvariantCulture) + "%";
}
