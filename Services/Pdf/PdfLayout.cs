using System.Text;
using SkiaSharp;

namespace ShopPortal.Services.Pdf;

internal enum PdfWeight
{
    Regular,
    Bold,
}

internal readonly record struct PdfStyle(float Size, PdfWeight Weight, SKColor Color);

/// <summary>A paragraph: wrapped to the width it is given.</summary>
internal readonly record struct PdfText(string Text, PdfStyle Style);

/// <summary>A table column: its header, its width in points and how its cells align.</summary>
internal sealed record PdfColumn(string Header, float Width, SKTextAlign Align = SKTextAlign.Left);

/// <summary>One table row: for each column, the paragraphs of its cell.</summary>
internal sealed record PdfRow(IReadOnlyList<IReadOnlyList<PdfText>> Cells, SKColor Background = default);

/// <summary>
/// Lays a document out on US Letter pages, top to bottom: wrapped text, tables whose rows break only between lines
/// and whose header repeats on every page, blocks kept together, and a "Page N of M" footer. Skia's PDF canvas cannot
/// go back to an earlier page, so every page is laid out and recorded first, then drawn by <see cref="ToPdf"/> once
/// the page count is known. Coordinates are points from the top-left corner of the page.
/// </summary>
internal sealed class PdfLayout : IDisposable
{
    public const float PageWidth = 612, PageHeight = 792, Margin = 40;
    private const float FooterHeight = 26, ContinuedHeight = 20, CellPaddingX = 4, CellPaddingY = 3.5f, LineSpacing = 1.25f;

    public static readonly SKColor Ink = new(0xFF1D2939), Muted = new(0xFF667085), RuleColor = new(0xFFD0D5DD), Shade = new(0xFFF2F4F7);
    private static readonly PdfStyle HeaderStyle = new(7.5f, PdfWeight.Bold, new SKColor(0xFF344054));
    private static readonly PdfStyle FooterStyle = new(7.5f, PdfWeight.Regular, Muted);

    private readonly string runningTitle;
    private readonly List<List<Action<Painter>>> pages = [];
    private readonly Dictionary<(PdfWeight, float), SKFont> fonts = [];
    private readonly bool[][] usedGlyphs = [new bool[PdfFont.Regular.GlyphCount], new bool[PdfFont.Bold.GlyphCount]];
    private readonly List<SKImage> images = [];
    private List<Action<Painter>> page = null!;
    private Action? repeatOnNewPage;
    private float pageContentTop;

    /// <param name="runningTitle">Printed in every page's footer and atop every page after the first: "WO-1001 · Estimate".</param>
    public PdfLayout(string runningTitle)
    {
        this.runningTitle = runningTitle;
        NewPage();
    }

    public static float Left => Margin;
    public static float Right => PageWidth - Margin;
    public static float Width => Right - Left;
    public static float Top => Margin;
    public static float Bottom => PageHeight - Margin - FooterHeight;

    /// <summary>Where the next block goes on the current page.</summary>
    private float Y { get; set; }
    private float Remaining => Bottom - Y;

    private void NewPage()
    {
        page = [];
        pages.Add(page);
        Y = Top;
        if (pages.Count > 1)
        {
            Text(Left, Y, runningTitle + " (continued)", FooterStyle);
            Y += ContinuedHeight;
        }
        repeatOnNewPage?.Invoke();
        pageContentTop = Y;
    }

    public void Space(float height) => Y = Math.Min(Y + height, Bottom);

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit on this one.</summary>
    public void EnsureSpace(float height)
    {
        if (height > Remaining && Y > pageContentTop)
        {
            NewPage();
        }
    }

    /// <summary>A block that is never split: drawn by <paramref name="draw"/> from the top it is given.</summary>
    public void Keep(float height, Action<float> draw)
    {
        EnsureSpace(height);
        draw(Y);
        Y += height;
    }

    /// <summary>
    /// Lays out <paramref name="block"/> on one page: when it would cross onto the next page, it is laid out again from
    /// the top of a new page. A block taller than a page flows from where it is, broken only as its own parts allow.
    /// </summary>
    public void KeepTogether(Action block)
    {
        var start = Save();
        block();
        if (pages.Count == start.Pages || start.Y == start.ContentTop)
        {
            return;
        }
        Restore(start);
        NewPage();
        var fresh = pages.Count;
        block();
        if (pages.Count == fresh)
        {
            return;
        }
        Restore(start);
        block();
    }

    /// <summary>Text across the page width, breaking onto the next page between lines.</summary>
    public void Paragraph(PdfText text)
    {
        var height = LineHeight(text.Style);
        foreach (var line in Wrap(text.Text, text.Style, Width))
        {
            EnsureSpace(height);
            Text(Left, Y, line, text.Style);
            Y += height;
        }
    }

    /// <summary>
    /// A table with light rules. Cells wrap; a row that does not fit moves to the next page, and a row taller than a
    /// page breaks between two lines. The header is repeated on every page the table reaches. <c>before</c> is drawn above
    /// the table and kept on one page with its header and the start of its first row (a heading and its introduction);
    /// <c>after</c> is drawn below it and kept on one page with its last two rows (signature lines).
    /// </summary>
    public void Table(IReadOnlyList<PdfColumn> columns, IEnumerable<PdfRow> rows, Action? before = null, Action? after = null)
    {
        var rowList = rows.ToList();
        columns = FitAmounts(columns, rowList);
        var header = LayOut(columns, new PdfRow([.. columns.Select(c => (IReadOnlyList<PdfText>)[new PdfText(c.Header, HeaderStyle)])], Shade));
        var freshPage = Bottom - Top - ContinuedHeight - header.Height;
        void DrawHeader() => DrawChunk(header, new bool[header.Lines.Count], 0, float.MaxValue);
        var laid = rowList.ConvertAll(row => LayOut(columns, row));

        // Neither the header nor what leads up to it ends a page alone.
        KeepTogether(() =>
        {
            before?.Invoke();
            EnsureSpace(header.Height + (laid.Count > 0 ? Math.Min(laid[0].Height, freshPage / 4) : 0));
        });
        DrawHeader();
        repeatOnNewPage = DrawHeader;
        // What follows the table takes its last two rows along, so a closing total never goes without the row above it.
        var tail = Math.Max(0, laid.Count - (after is null ? 1 : 2));
        for (var i = 0; i < tail; i++)
        {
            Place(laid[i], freshPage);
        }
        KeepTogether(() =>
        {
            for (var i = tail; i < laid.Count; i++)
            {
                Place(laid[i], freshPage);
            }
            repeatOnNewPage = null;
            after?.Invoke();
        });
        repeatOnNewPage = null;
    }

    /// <summary>
    /// Right-aligned columns hold amounts and hours, which must never break over two lines ("$452,520." and "00"):
    /// each grows to its widest entry, and the widest left-aligned column (the description) gives up the room.
    /// </summary>
    private PdfColumn[] FitAmounts(IReadOnlyList<PdfColumn> columns, IReadOnlyList<PdfRow> rows)
    {
        var fitted = columns.ToArray();
        var grown = 0f;
        for (var c = 0; c < fitted.Length; c++)
        {
            if (fitted[c].Align != SKTextAlign.Right)
            {
                continue;
            }
            var widest = rows.Where(row => c < row.Cells.Count).SelectMany(row => row.Cells[c]).Select(text => Measure(text.Text, text.Style)).DefaultIfEmpty(0).Max();
            var needed = MathF.Ceiling(widest + 2 * CellPaddingX + 1);
            if (needed > fitted[c].Width)
            {
                grown += needed - fitted[c].Width;
                fitted[c] = fitted[c] with { Width = needed };
            }
        }
        var left = fitted.Where(c => c.Align == SKTextAlign.Left).ToList();
        if (grown > 0 && left.Count > 0)
        {
            var flexible = Array.IndexOf(fitted, left.MaxBy(c => c.Width));
            fitted[flexible] = fitted[flexible] with { Width = fitted[flexible].Width - grown };
        }
        return fitted;
    }

    public static float LineHeight(PdfStyle style) => style.Size * LineSpacing;

    public float Measure(string text, PdfStyle style) => MeasureFont(style).MeasureText(text);

    /// <summary>Breaks text into lines no wider than <paramref name="width"/>: at spaces, at line breaks, and inside a word only when the word alone is too wide.</summary>
    public IReadOnlyList<string> Wrap(string text, PdfStyle style, float width)
    {
        var font = MeasureFont(style);
        var space = font.MeasureText(" ");
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var paragraph in Clean(text).Split('\n'))
        {
            var lineWidth = 0f;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var wordWidth = font.MeasureText(word);
                if (line.Length > 0 && lineWidth + space + wordWidth <= width)
                {
                    line.Append(' ').Append(word);
                    lineWidth += space + wordWidth;
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                var rest = word.AsSpan();
                while (wordWidth > width)
                {
                    var fit = Math.Max(1, font.BreakText(rest, width));
                    if (char.IsHighSurrogate(rest[fit - 1]) && fit < rest.Length)
                    {
                        fit = fit > 1 ? fit - 1 : 2;
                    }
                    lines.Add(rest[..fit].ToString());
                    rest = rest[fit..];
                    wordWidth = font.MeasureText(rest);
                }
                line.Append(rest);
                lineWidth = wordWidth;
            }
            lines.Add(line.ToString());
            line.Clear();
        }
        return lines;
    }

    /// <summary>One line of text whose line box starts at <paramref name="top"/>; <paramref name="x"/> is its left, right or centre edge as <paramref name="align"/> says.</summary>
    public void Text(float x, float top, string text, PdfStyle style, SKTextAlign align = SKTextAlign.Left)
    {
        var font = MeasureFont(style);
        var used = usedGlyphs[(int)style.Weight];
        foreach (var glyph in font.GetGlyphs(text))
        {
            used[glyph] = true;
        }
        var metrics = font.Metrics;
        var baseline = top + (LineHeight(style) - metrics.Descent + metrics.Ascent) / 2 - metrics.Ascent;
        page.Add(p => p.Canvas.DrawText(text, x, baseline, align, p.Font(style), p.Paint(style.Color)));
    }

    public void Line(float x1, float y1, float x2, float y2, SKColor color, float width = 0.5f) =>
        page.Add(p => p.Canvas.DrawLine(x1, y1, x2, y2, p.Paint(color, width)));

    /// <summary>A filled rectangle; a transparent colour draws nothing.</summary>
    public void Rectangle(SKRect rect, SKColor fill)
    {
        if (fill.Alpha > 0)
        {
            page.Add(p => p.Canvas.DrawRect(rect, p.Paint(fill)));
        }
    }

    /// <summary>Draws an encoded image (PNG, JPEG) as large as fits in <paramref name="box"/>, keeping its proportions; false when it cannot be decoded.</summary>
    public bool Image(byte[] encoded, SKRect box)
    {
        var image = SKImage.FromEncodedData(encoded);
        if (image is null)
        {
            return false;
        }
        images.Add(image);
        var scale = Math.Min(box.Width / image.Width, box.Height / image.Height);
        var size = new SKSize(image.Width * scale, image.Height * scale);
        var rect = SKRect.Create(box.Left, box.Top + (box.Height - size.Height) / 2, size.Width, size.Height);
        page.Add(p => p.Canvas.DrawImage(image, rect, new SKSamplingOptions(SKFilterMode.Linear), null));
        return true;
    }

    /// <summary>Adds the footers and draws every page into a PDF, its fonts reduced to the glyphs it uses. The last step: call it once.</summary>
    public byte[] ToPdf(string title, string author, DateTimeOffset created)
    {
        for (var i = 0; i < pages.Count; i++)
        {
            page = pages[i];
            var top = PageHeight - Margin - FooterHeight / 2;
            Line(Left, top, Right, top, RuleColor);
            Text(Left, top + 3, runningTitle, FooterStyle);
            Text(Right, top + 3, $"Page {i + 1} of {pages.Count}", FooterStyle, SKTextAlign.Right);
        }

        using var regularData = SKData.CreateCopy(PdfFont.Regular.Subset(usedGlyphs[(int)PdfWeight.Regular]));
        using var boldData = SKData.CreateCopy(PdfFont.Bold.Subset(usedGlyphs[(int)PdfWeight.Bold]));
        using var regular = SKTypeface.FromData(regularData) ?? throw new InvalidOperationException("Skia could not read the reduced regular font.");
        using var bold = SKTypeface.FromData(boldData) ?? throw new InvalidOperationException("Skia could not read the reduced bold font.");
        using var painter = new Painter(regular, bold);
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = title,
            Author = author,
            Creator = "ShopPortal",
            Producer = "ShopPortal (SkiaSharp)",
            Creation = created.UtcDateTime,
            Modified = created.UtcDateTime,
        };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            foreach (var recorded in pages)
            {
                painter.Canvas = document.BeginPage(PageWidth, PageHeight);
                foreach (var draw in recorded)
                {
                    draw(painter);
                }
                document.EndPage();
            }
            document.Close();
        }
        return stream.ToArray();
    }

    public void Dispose()
    {
        foreach (var font in fonts.Values)
        {
            font.Dispose();
        }
        foreach (var image in images)
        {
            image.Dispose();
        }
    }

    private SKFont MeasureFont(PdfStyle style)
    {
        if (!fonts.TryGetValue((style.Weight, style.Size), out var font))
        {
            font = NewFont(style.Weight == PdfWeight.Bold ? PdfFont.Bold.Typeface : PdfFont.Regular.Typeface, style.Size);
            fonts[(style.Weight, style.Size)] = font;
        }
        return font;
    }

    // Unhinted, fractional advances: the positions Skia writes into the PDF, so text measures exactly as it prints.
    private static SKFont NewFont(SKTypeface typeface, float size) =>
        new(typeface, size) { Hinting = SKFontHinting.None, Subpixel = true, LinearMetrics = true };

    // Skia draws one glyph per character without shaping: typed text may come decomposed (e + combining accent)
    // or with tabs and stray control characters, which print best precomposed and as plain spaces.
    private static string Clean(string text)
    {
        var clean = text.Normalize(NormalizationForm.FormC).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!clean.Any(c => c != '\n' && char.IsControl(c)))
        {
            return clean;
        }
        return string.Create(clean.Length, clean, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] != '\n' && char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
    }

    private LaidRow LayOut(IReadOnlyList<PdfColumn> columns, PdfRow row)
    {
        var lines = new List<LaidLine>();
        var x = Left;
        var height = 0f;
        for (var c = 0; c < columns.Count; c++)
        {
            var column = columns[c];
            var inner = column.Width - 2 * CellPaddingX;
            var anchor = column.Align switch
            {
                SKTextAlign.Right => x + column.Width - CellPaddingX,
                SKTextAlign.Center => x + column.Width / 2,
                _ => x + CellPaddingX,
            };
            var top = 0f;
            foreach (var paragraph in c < row.Cells.Count ? row.Cells[c] : [])
            {
                var lineHeight = LineHeight(paragraph.Style);
                foreach (var text in Wrap(paragraph.Text, paragraph.Style, inner))
                {
                    lines.Add(new LaidLine(anchor, column.Align, text, paragraph.Style, top, top + lineHeight));
                    top += lineHeight;
                }
            }
            height = Math.Max(height, top);
            x += column.Width;
        }
        return new LaidRow(lines, height, row.Background);
    }

    private void Place(LaidRow row, float freshPage)
    {
        var drawn = new bool[row.Lines.Count];
        var start = 0f;
        while (true)
        {
            var rest = row.ContentHeight - start + 2 * CellPaddingY;
            if (rest <= Remaining)
            {
                DrawChunk(row, drawn, start, Remaining);
                return;
            }
            if (Y > pageContentTop && rest <= freshPage)
            {
                NewPage();
                continue;
            }
            var next = DrawChunk(row, drawn, start, Remaining);
            if (next == start && Y == pageContentTop)
            {
                throw new InvalidOperationException("A line of text is taller than a page.");
            }
            NewPage();
            start = next;
        }
    }

    /// <summary>Draws the row's undrawn lines that fit in <paramref name="available"/> points; returns where the rest starts.</summary>
    private float DrawChunk(LaidRow row, bool[] drawn, float start, float available)
    {
        var end = start;
        var next = float.MaxValue;
        var chunk = new List<LaidLine>();
        for (var i = 0; i < row.Lines.Count; i++)
        {
            if (drawn[i])
            {
                continue;
            }
            var line = row.Lines[i];
            if (line.Bottom - start + 2 * CellPaddingY <= available)
            {
                drawn[i] = true;
                chunk.Add(line);
                end = Math.Max(end, line.Bottom);
            }
            else
            {
                next = Math.Min(next, line.Top);
            }
        }
        if (chunk.Count == 0)
        {
            return start;
        }
        var finished = next == float.MaxValue;
        var height = (finished ? row.ContentHeight : end) - start + 2 * CellPaddingY;
        Rectangle(new SKRect(Left, Y, Right, Y + height), row.Background);
        foreach (var line in chunk)
        {
            Text(line.X, Y + CellPaddingY + line.Top - start, line.Text, line.Style, line.Align);
        }
        Line(Left, Y + height, Right, Y + height, RuleColor);
        Y += height;
        return finished ? row.ContentHeight : next;
    }

    private Mark Save() => new(pages.Count, page.Count, Y, pageContentTop, repeatOnNewPage, [.. usedGlyphs.Select(g => (bool[])g.Clone())], images.Count);

    /// <summary>Takes the layout back to <paramref name="mark"/>, forgetting every page, drawing, glyph and image recorded since.</summary>
    private void Restore(Mark mark)
    {
        pages.RemoveRange(mark.Pages, pages.Count - mark.Pages);
        page = pages[^1];
        page.RemoveRange(mark.Drawings, page.Count - mark.Drawings);
        Y = mark.Y;
        pageContentTop = mark.ContentTop;
        repeatOnNewPage = mark.RepeatOnNewPage;
        for (var i = 0; i < usedGlyphs.Length; i++)
        {
            mark.UsedGlyphs[i].CopyTo(usedGlyphs[i], 0);
        }
        foreach (var image in images.Skip(mark.Images))
        {
            image.Dispose();
        }
        images.RemoveRange(mark.Images, images.Count - mark.Images);
    }

    private sealed record Mark(int Pages, int Drawings, float Y, float ContentTop, Action? RepeatOnNewPage, bool[][] UsedGlyphs, int Images);

    private readonly record struct LaidLine(float X, SKTextAlign Align, string Text, PdfStyle Style, float Top, float Bottom);

    private sealed record LaidRow(IReadOnlyList<LaidLine> Lines, float ContentHeight, SKColor Background)
    {
        public float Height => ContentHeight + 2 * CellPaddingY;
    }

    /// <summary>Draws recorded pages with the document's own (reduced) fonts; one font and paint per style, reused.</summary>
    private sealed class Painter(SKTypeface regular, SKTypeface bold) : IDisposable
    {
        private readonly Dictionary<(PdfWeight, float), SKFont> fonts = [];
        private readonly Dictionary<(SKColor, float), SKPaint> paints = [];

        public SKCanvas Canvas { get; set; } = null!;

        public SKFont Font(PdfStyle style)
        {
            if (!fonts.TryGetValue((style.Weight, style.Size), out var font))
            {
                font = NewFont(style.Weight == PdfWeight.Bold ? bold : regular, style.Size);
                fonts[(style.Weight, style.Size)] = font;
            }
            return font;
        }

        /// <summary>A fill paint, or a stroke paint when <paramref name="strokeWidth"/> is set.</summary>
        public SKPaint Paint(SKColor color, float strokeWidth = 0)
        {
            if (!paints.TryGetValue((color, strokeWidth), out var paint))
            {
                paint = new SKPaint
                {
                    Color = color,
                    IsAntialias = true,
                    Style = strokeWidth > 0 ? SKPaintStyle.Stroke : SKPaintStyle.Fill,
                    StrokeWidth = strokeWidth,
                };
                paints[(color, strokeWidth)] = paint;
            }
            return paint;
        }

        public void Dispose()
        {
            foreach (var font in fonts.Values)
            {
                font.Dispose();
            }
            foreach (var paint in paints.Values)
            {
                paint.Dispose();
            }
        }
    }
}
