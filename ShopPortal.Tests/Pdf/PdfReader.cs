using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace ShopPortal.Tests.Pdf;

/// <summary>A PDF read back with PdfPig: each page's text, letters and images.</summary>
public sealed partial class PdfReader : IDisposable
{
    private readonly PdfDocument document;

    public PdfReader(byte[] pdf)
    {
        StringAssert.StartsWith(System.Text.Encoding.ASCII.GetString(pdf, 0, 5), "%PDF-");
        document = PdfDocument.Open(pdf);
        Pages = [.. document.GetPages()];
    }

    public IReadOnlyList<Page> Pages { get; }

    /// <summary>All pages' text with whitespace removed: wrapped lines and cells read as one run.</summary>
    public string Squashed => string.Concat(Pages.Select(p => Squash(p.Text)));

    /// <summary>Each page's text with whitespace removed, first page first.</summary>
    public IReadOnlyList<string> SquashedPages => [.. Pages.Select(p => Squash(p.Text))];

    /// <summary>The text of one size only, whitespace removed: one kind of cell, whatever else shares its rows.</summary>
    public string SquashedText(double pointSize) =>
        Squash(string.Concat(Pages.SelectMany(p => p.Letters).Where(l => Math.Abs(l.PointSize - pointSize) < 0.01).Select(l => l.Value)));

    public static string Squash(string text) => Whitespace().Replace(text, "");

    public void Dispose() => document.Dispose();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
