using ShopPortal.Services.Pdf;
using SkiaSharp;

namespace ShopPortal.Tests.Pdf;

[TestClass]
public sealed class PdfFontTests
{
    [TestMethod]
    public void Subset_keeps_the_outlines_of_used_glyphs_and_their_accent_components_only()
    {
        var font = PdfFont.Regular;
        using var full = new SKFont(font.Typeface, 12);
        var used = new bool[font.GlyphCount];
        foreach (var glyph in full.GetGlyphs("Åé"))
        {
            used[glyph] = true;
        }

        using var data = SKData.CreateCopy(font.Subset(used));
        using var typeface = SKTypeface.FromData(data);
        Assert.IsNotNull(typeface, "Skia reads the reduced font.");
        using var subset = new SKFont(typeface, 12);

        bool HasOutline(string character)
        {
            using var path = subset.GetGlyphPath(subset.GetGlyphs(character)[0]);
            return path is not null && !path.Bounds.IsEmpty;
        }
        Assert.IsTrue(HasOutline("Å"));
        Assert.IsTrue(HasOutline("é"));
        Assert.IsFalse(HasOutline("Ж"), "Unused glyphs lose their outlines.");
        CollectionAssert.AreEqual(full.GetGlyphs("ÅéЖ"), subset.GetGlyphs("ÅéЖ"), "Glyph ids and the character map are unchanged.");
        Assert.AreEqual(full.MeasureText("ÅéЖ"), subset.MeasureText("ÅéЖ"), "Metrics are unchanged.");
        Assert.IsLessThan(120 * 1024, data.Size);
    }
}
