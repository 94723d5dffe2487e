using ShopPortal.Data;
using ShopPortal.Services;
using ShopPortal.Services.Pdf;
using UglyToad.PdfPig.Content;

namespace ShopPortal.Tests.Pdf;

/// <summary>The renderer on its own, fed plain documents: page flow, wrapping and what any typed text prints like.</summary>
[TestClass]
public sealed class WorkOrderPdfTests
{
    private const double Margin = 40, FooterZone = 66;

    [TestMethod]
    public void Fifty_discrepancies_flow_onto_several_pages_with_repeated_headers_and_page_numbers()
    {
        var document = Document(50);

        using var pdf = new PdfReader(WorkOrderPdf.Estimate(document));

        var count = pdf.Pages.Count;
        Assert.IsGreaterThanOrEqualTo(4, count);
        var tablePages = 0;
        for (var i = 0; i < count; i++)
        {
            var text = PdfReader.Squash(pdf.Pages[i].Text);
            StringAssert.EndsWith(text, $"Page{i + 1}of{count}");
            if (text.Contains("Phase3taskcard", StringComparison.Ordinal) && !text.Contains("Authorizationofpendingitems", StringComparison.Ordinal))
            {
                tablePages++;
                StringAssert.Contains(text, "#Discrepancyandcorrectiveaction", $"Page {i + 1} repeats the table header.");
                if (i > 0)
                {
                    StringAssert.StartsWith(text, "WO-2050·Estimate·HangarNine(continued)#Discrepancyandcorrectiveaction", "The header comes first on a continued page.");
                }
            }
            AssertInsideMargins(pdf.Pages[i], $"Page {i + 1} of {count}");
        }
        Assert.IsGreaterThanOrEqualTo(3, tablePages);
        var all = pdf.Squashed;
        foreach (var item in document.Items)
        {
            Assert.AreEqual(1, Occurrences(all, PdfReader.Squash(item.Description + item.CorrectiveAction)), $"Item {item.Sequence} is printed once, whole.");
        }
        StringAssert.Contains(all, PdfReader.Squash("Estimate total" + document.Money(document.Estimate.Total)));
    }

    [TestMethod]
    public void Large_amounts_print_whole_on_one_line_in_the_estimate_and_the_invoice()
    {
        // An engine overhaul: 40 hours at $1,000.50 and a $412,500.00 engine.
        DocumentPart[] engine = [new("ENG-PT6A", "Overhauled PT6A-67P engine", 1, 412_500m)];
        var big = new DocumentItem(2, "Engine overhaul", "Remove, ship and reinstall the engine.", CustomerApprovalStatus.Approved, false,
            WorkOrderMath.Item(40m, [40m], engine.Select(p => p.Amount), 1000.50m), engine);
        var document = Document(2);
        document = document with { Items = [.. document.Items.Select(i => i.Sequence == 2 ? big : i)] };

        using var estimate = new PdfReader(WorkOrderPdf.Estimate(document));
        using var invoice = new PdfReader(WorkOrderPdf.Invoice(document));

        foreach (var (pdf, name) in new[] { (estimate, "estimate"), (invoice, "invoice") })
        {
            var words = pdf.Pages.SelectMany(page => page.GetWords()).Select(word => word.Text).ToList();
            foreach (var amount in new[] { "$40,020.00", "$412,500.00", "$452,520.00" })
            {
                CollectionAssert.Contains(words, amount, $"The {name} breaks {amount} over two lines.");
            }
            StringAssert.Contains(pdf.Squashed, PdfReader.Squash("Engine overhaul Remove, ship and reinstall the engine."), $"The {name}'s description still prints.");
            foreach (var page in pdf.Pages)
            {
                AssertInsideMargins(page, $"Page {page.Number} of {pdf.Pages.Count}");
            }
        }
    }

    [TestMethod]
    public void Accented_description_and_2000_character_corrective_action_print_without_clipping()
    {
        const string Description = "Révision hélice — contrôle «Ω» çà et là: Ærø, Łódź, Straße, ½″ tolérance, €/h ✓";
        var action = LongText(2000);
        var document = Document(3);
        document = document with { Items = [.. document.Items.Select(i => i.Sequence == 2 ? i with { Description = Description, CorrectiveAction = action, Approval = CustomerApprovalStatus.Approved } : i)] };

        using var estimate = new PdfReader(WorkOrderPdf.Estimate(document));
        using var invoice = new PdfReader(WorkOrderPdf.Invoice(document));

        foreach (var pdf in new[] { estimate, invoice })
        {
            StringAssert.Contains(pdf.Squashed, PdfReader.Squash(Description + action));
            foreach (var page in pdf.Pages)
            {
                AssertInsideMargins(page, $"Page {page.Number} of {pdf.Pages.Count}");
            }
        }
        Assert.AreEqual(2000, action.Length);
    }

    [TestMethod]
    public void A_corrective_action_longer_than_a_page_breaks_between_lines_and_continues()
    {
        var action = LongText(4000);
        var document = Document(2);
        document = document with { Items = [.. document.Items.Select(i => i with { CorrectiveAction = action })] };

        using var pdf = new PdfReader(WorkOrderPdf.Estimate(document));

        // The row's other cells are drawn with its first part, so read the corrective actions' text (8 pt) on its own.
        Assert.AreEqual(2, Occurrences(pdf.SquashedText(pointSize: 8), PdfReader.Squash(action)));
        foreach (var page in pdf.Pages)
        {
            AssertInsideMargins(page, $"Page {page.Number} of {pdf.Pages.Count}");
        }
        var continued = pdf.Pages.Skip(1).Where(p => PdfReader.Squash(p.Text).Contains("(continued)#Discrepancy", StringComparison.Ordinal)).ToList();
        Assert.IsNotEmpty(continued, "The row continues under a repeated header.");
        var lines = pdf.Pages.SelectMany(p => p.Letters).GroupBy(l => (l.StartBaseLine.Y, l.FontSize)).Count();
        Assert.IsGreaterThan(100, lines);
    }

    [TestMethod]
    public void Fonts_are_embedded_and_reduced_to_what_the_document_uses()
    {
        var pdf = WorkOrderPdf.Estimate(Document(20));

        using var reader = new PdfReader(pdf);
        var fonts = reader.Pages.SelectMany(p => p.Letters).Select(l => l.FontName).Distinct().ToList();
        Assert.IsTrue(fonts.All(f => f?.Contains("DejaVuSans", StringComparison.Ordinal) == true), string.Join(", ", fonts));
        // The two whole font files weigh 1.4 MB (750 KB compressed).
        Assert.IsLessThan(150 * 1024, pdf.Length, $"{pdf.Length} bytes");
    }

    [TestMethod]
    public void Estimate_without_pending_items_ends_with_the_totals()
    {
        var document = Document(3);
        document = document with { Items = [.. document.Items.Select(i => i with { Approval = CustomerApprovalStatus.Approved })] };

        using var pdf = new PdfReader(WorkOrderPdf.Estimate(document));

        Assert.IsFalse(pdf.Squashed.Contains("Printedname", StringComparison.Ordinal));
        StringAssert.Contains(pdf.Squashed, PdfReader.Squash("Pending approval" + document.Money(0)));
    }

    [TestMethod]
    public void Work_order_without_discrepancies_prints_the_table_header_and_zero_totals()
    {
        var document = Document(0);

        using var estimate = new PdfReader(WorkOrderPdf.Estimate(document));
        using var invoice = new PdfReader(WorkOrderPdf.Invoice(document));

        Assert.HasCount(1, estimate.Pages);
        StringAssert.Contains(estimate.Squashed, "#Discrepancyandcorrectiveaction");
        StringAssert.Contains(estimate.Squashed, "Estimatetotal$0.00");
        StringAssert.Contains(invoice.Squashed, "Totaltodate$0.00");
    }

    [TestMethod]
    public void The_pending_items_heading_table_and_signature_lines_share_a_page_wherever_the_block_falls()
    {
        // From one pending item to as many as a page holds, pushed down the page by more and more approved items above.
        foreach (var pending in new[] { 1, 2, 5, 12, 24 })
        {
            for (var approved = 0; approved <= 24; approved++)
            {
                var document = Document(approved + pending);
                document = document with { Items = [.. document.Items.Select(i => i with { Approval = i.Sequence <= approved ? CustomerApprovalStatus.Approved : CustomerApprovalStatus.Pending })] };

                using var pdf = new PdfReader(WorkOrderPdf.Estimate(document));

                var pages = pdf.SquashedPages;
                var at = $"{approved} approved and {pending} pending items";
                var heading = Single(pages, "Authorizationofpendingitems", at);
                Assert.AreEqual(heading, Single(pages, "Printedname", at), $"{at}: the heading and the signature lines are on one page.");
                var block = pages[heading][pages[heading].IndexOf("Authorizationofpendingitems", StringComparison.Ordinal)..];
                foreach (var item in document.Items.Where(i => i.Approval == CustomerApprovalStatus.Pending))
                {
                    StringAssert.Contains(block, PdfReader.Squash($"{item.Sequence}{item.Description}{document.Money(item.Figures.EstimateAmount)}"), $"{at}: the whole table is on that page.");
                }
                StringAssert.Contains(block, "Pendingitemstotal(beforetax)");
            }
        }
    }

    [TestMethod]
    public void A_signature_block_longer_than_a_page_keeps_its_heading_with_the_table_start_and_its_lines_with_the_table_end()
    {
        for (var approved = 0; approved <= 12; approved++)
        {
            var document = Document(approved + 45);
            document = document with { Items = [.. document.Items.Select(i => i with { Approval = i.Sequence <= approved ? CustomerApprovalStatus.Approved : CustomerApprovalStatus.Pending })] };
            var pending = document.Items.Where(i => i.Approval == CustomerApprovalStatus.Pending).ToList();

            using var pdf = new PdfReader(WorkOrderPdf.Estimate(document));

            var pages = pdf.SquashedPages;
            var at = $"{approved} approved and {pending.Count} pending items";
            var heading = Single(pages, "Authorizationofpendingitems", at);
            var lines = Single(pages, "Printedname", at);
            Assert.IsGreaterThan(heading, lines, $"{at}: the block is longer than a page.");
            var start = pages[heading][pages[heading].IndexOf("Authorizationofpendingitems", StringComparison.Ordinal)..];
            StringAssert.Contains(start, PdfReader.Squash($"# Pending item Estimate {pending[0].Sequence}{pending[0].Description}"), $"{at}: the heading is followed by the table's start.");
            var end = pages[lines];
            StringAssert.Contains(end, PdfReader.Squash($"{pending[^1].Sequence}{pending[^1].Description}{document.Money(pending[^1].Figures.EstimateAmount)}Pending items total (before tax)"),
                $"{at}: the signature lines follow the table's end.");
            var squashed = pdf.Squashed;
            foreach (var item in pending)
            {
                Assert.AreEqual(1, Occurrences(squashed, PdfReader.Squash($"{item.Sequence}{item.Description}{document.Money(item.Figures.EstimateAmount)}")), $"{at}: item {item.Sequence} is listed once for signature.");
            }
        }
    }

    [TestMethod]
    public void The_customer_authorization_heading_stays_with_the_signature_and_what_it_authorized()
    {
        for (var items = 0; items <= 24; items++)
        {
            var document = Document(items) with
            {
                Signatures =
                [
                    new("Noor Haddad", new DateTimeOffset(2026, 5, 3, 16, 20, 0, TimeSpan.Zero), StaffPdfTests.SignaturePng(),
                        new AuthorizationSnapshot("WO-2050", "N905SF", "USD", [.. Enumerable.Range(1, 4).Select(i => new AuthorizedItem(i, i, $"Authorized task {i}", 100m * i))], 1000m, 0m, 1000m)),
                ],
            };

            using var pdf = new PdfReader(WorkOrderPdf.Estimate(document));

            var pages = pdf.SquashedPages;
            var heading = Single(pages, "Customerauthorization", $"{items} items");
            var block = pages[heading][pages[heading].IndexOf("Customerauthorization", StringComparison.Ordinal)..];
            StringAssert.Contains(block, "SignedbyNoorHaddad", $"{items} items: the heading is followed by the signature.");
            StringAssert.Contains(block, "4Authorizedtask4$400.00Authorizedtotal(taxincluded)$1,000.00", $"{items} items: the signature is followed by what it authorized.");
        }
    }

    [TestMethod]
    [DataRow("Wolfeschlegelsteinhausenbergerdorff")]
    [DataRow("Hubert Blaine Wolfeschlegelsteinhausenbergerdorff Sr of Bergerhof")]
    public void A_signer_name_of_200_characters_prints_whole_inside_the_margins(string start)
    {
        var name = string.Concat(Enumerable.Repeat(start, 10))[..200];
        var document = Document(2) with
        {
            Signatures =
            [
                new(name, new DateTimeOffset(2026, 5, 3, 16, 20, 0, TimeSpan.Zero), StaffPdfTests.SignaturePng(),
                    new AuthorizationSnapshot("WO-2050", "N905SF", "USD", [new AuthorizedItem(1, 1, "Authorized task 1", 100m)], 100m, 0m, 100m)),
            ],
        };

        using var pdf = new PdfReader(WorkOrderPdf.Estimate(document));

        foreach (var page in pdf.Pages)
        {
            AssertInsideMargins(page, $"Page {page.Number} of {pdf.Pages.Count}");
        }
        StringAssert.Contains(pdf.Squashed, PdfReader.Squash("Signed by " + name) + "May3,2026at16:20UTC", "The whole name, then the time.");
    }

    /// <summary>The index of the one page that contains <paramref name="text"/>.</summary>
    private static int Single(IReadOnlyList<string> pages, string text, string context)
    {
        var found = Enumerable.Range(0, pages.Count).Where(i => pages[i].Contains(text, StringComparison.Ordinal)).ToList();
        Assert.HasCount(1, found, $"{context}: '{text}' is printed on one page.");
        return found[0];
    }

    /// <summary>Every letter lies inside the page margins; only the footer is printed below the content area.</summary>
    private static void AssertInsideMargins(Page page, string footer)
    {
        foreach (var letter in page.Letters)
        {
            var box = letter.BoundingBox;
            Assert.IsTrue(box.Left >= Margin - 0.5 && box.Right <= page.Width - Margin + 0.5, $"'{letter.Value}' at x {box.Left:0.#}–{box.Right:0.#} is outside the margins.");
            Assert.IsTrue(box.Top <= page.Height - Margin + 0.5, $"'{letter.Value}' at y {box.Top:0.#} is in the top margin.");
        }
        var belowContent = string.Concat(page.Letters.Where(l => l.StartBaseLine.Y < FooterZone).Select(l => l.Value));
        Assert.AreEqual(PdfReader.Squash("WO-2050 · Estimate · Hangar Nine" + footer), PdfReader.Squash(belowContent).Replace("Invoicetodate", "Estimate", StringComparison.Ordinal).Replace("Invoice", "Estimate", StringComparison.Ordinal));
        Assert.IsTrue(page.Letters.All(l => l.BoundingBox.Bottom >= Margin - 6), "Nothing is printed in the bottom margin.");
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    /// <summary>Words of varied length, one of them a 70-character part reference wider than any column.</summary>
    private static string LongText(int length)
    {
        string[] words = ["Remove", "inspect", "the", "bracket", "per", "AMM 32-11-05;", "torque", "to", "95 in-lb", "and", "safety-wire.", "Verify", "clearance", "≥", "0.5 mm", "café", "naïve"];
        var text = new System.Text.StringBuilder("Ref PN-" + new string('X', 63) + " ");
        for (var i = 0; text.Length < length; i++)
        {
            text.Append(words[i % words.Length]).Append(' ');
        }
        return text.ToString(0, length - 1) + ".";
    }

    private static WorkOrderDocument Document(int items) => new(
        new DocumentShop("Hangar Nine", "4 Runway Road\nPrescott, AZ 86301", "+1 555 0109", "desk@hangar9.example", "USD", TimeZoneInfo.Utc),
        "WO-2050",
        "Phase inspection",
        new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero),
        new DocumentCustomer("Noor Haddad", "Sky Freight", "noor@skyfreight.example", null),
        new DocumentAsset("N905SF", "2015 Pilatus PC-12"),
        110m,
        6m,
        [.. Enumerable.Range(1, items).Select(i =>
        {
            DocumentPart[] parts = [new($"P-{i}", "Gasket kit", 2, 12.40m)];
            return new DocumentItem(i, $"Phase 3 task card {i}: inspect zone {i * 10}", $"Inspect zone {i * 10} and record findings on card {i}.",
                (CustomerApprovalStatus)(i % 3), false, WorkOrderMath.Item(0.5m * i, [0.25m * i], parts.Select(p => p.Amount), 110m), parts);
        })],
        []);
}
