using ShopPortal.Services;
using ShopPortal.Services.Pdf;
using SkiaSharp;

namespace ShopPortal.Tests.Pdf;

[TestClass]
public sealed class PdfLayoutTests
{
    private static readonly PdfStyle Body = new(9, PdfWeight.Regular, SKColors.Black);

    [TestMethod]
    public void Wrap_breaks_at_spaces_and_cuts_only_words_wider_than_the_line()
    {
        using var layout = new PdfLayout("Test");
        var text = "Replace the left main tire and tube; inspect the brake disc. 070-00419-SUPERCALIFRAGILISTIC-EXPIALIDOCIOUS-0001 done.";

        var lines = layout.Wrap(text, Body, 120);

        Assert.IsGreaterThan(3, lines.Count);
        Assert.IsTrue(lines.All(l => layout.Measure(l, Body) <= 120), string.Join(" | ", lines));
        Assert.AreEqual(text.Replace(" ", "", StringComparison.Ordinal), string.Concat(lines).Replace(" ", "", StringComparison.Ordinal));
        for (var i = 0; i < 2; i++)
        {
            Assert.IsFalse(lines[i].StartsWith(' ') || lines[i].EndsWith(' '));
            Assert.IsGreaterThan(120, layout.Measure(lines[i] + " " + lines[i + 1].Split(' ')[0], Body), "Each line takes as many words as fit.");
        }
        Assert.IsTrue(lines.Count(l => l.Contains("SUPERCALIFRA", StringComparison.Ordinal) || l.Contains("EXPIALIDOCIOUS", StringComparison.Ordinal)) >= 2, "The part number is cut.");
    }

    [TestMethod]
    public void Wrap_keeps_line_breaks_and_composes_accents()
    {
        using var layout = new PdfLayout("Test");

        var lines = layout.Wrap("Cafe\u0301 ok\r\nsecond\tline\n\nlast", Body, 500);

        CollectionAssert.AreEqual(new[] { "Café ok", "second line", "", "last" }, lines.ToList());
    }

    [TestMethod]
    public void Authorization_snapshot_json_is_camel_case_and_round_trips()
    {
        var snapshot = new AuthorizationSnapshot("WO-1001", "N172SP", "USD",
            [new AuthorizedItem(11, 1, "Left main tire", 374.00m), new AuthorizedItem(13, 3, "ELT battery", 240.00m)], 614.00m, 0m, 614.00m);

        var json = snapshot.ToJson();

        Assert.AreEqual("""{"workOrderNumber":"WO-1001","assetRegistration":"N172SP","currency":"USD","items":[{"discrepancyId":11,"sequence":1,"description":"Left main tire","amount":374.00},{"discrepancyId":13,"sequence":3,"description":"ELT battery","amount":240.00}],"subtotal":614.00,"tax":0,"total":614.00}""", json);
        var read = AuthorizationSnapshot.Parse(json);
        Assert.AreEqual(snapshot.Total, read.Total);
        CollectionAssert.AreEqual(snapshot.Items.ToList(), read.Items.ToList());
    }
}
