using System.Buffers.Binary;
using SkiaSharp;

namespace ShopPortal.Services.Pdf;

/// <summary>
/// A TrueType font shipped inside the app (Fonts/, see its LICENSE), so a PDF prints the same on any server:
/// this machine's default typeface draws nothing at all.
/// </summary>
/// <remarks>
/// SkiaSharp's native build has no font subsetter, so Skia embeds whole font files: 750 KB per PDF and most of the
/// render time spent compressing glyphs nobody uses. <see cref="Subset"/> blanks the unused glyph outlines instead,
/// keeping glyph ids, metrics and the character map as they are, so text laid out with the full font draws the same.
/// </remarks>
internal sealed class PdfFont
{
    public static PdfFont Regular { get; } = Load("DejaVuSans.ttf");
    public static PdfFont Bold { get; } = Load("DejaVuSans-Bold.ttf");

    // Tables copied as they are. Skia draws glyphs straight from the character map without shaping, so the layout
    // tables (GSUB, GPOS, GDEF, kern) and the font editor's leftovers (FFTM, MATH) are left out.
    private static readonly HashSet<string> CopiedTables = ["OS/2", "cmap", "cvt ", "fpgm", "gasp", "hhea", "hmtx", "maxp", "name", "prep"];

    private readonly byte[] file;
    private readonly Dictionary<string, (int Offset, int Length)> tables = [];
    private readonly int[] glyphStarts;

    private PdfFont(byte[] file)
    {
        this.file = file;
        var count = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(4));
        for (var i = 0; i < count; i++)
        {
            var record = file.AsSpan(12 + 16 * i, 16);
            var tag = System.Text.Encoding.ASCII.GetString(record[..4]);
            tables[tag] = ((int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
        }

        var glyphCount = BinaryPrimitives.ReadUInt16BigEndian(Table("maxp")[4..]);
        var shortOffsets = BinaryPrimitives.ReadInt16BigEndian(Table("head")[50..]) == 0;
        var loca = Table("loca");
        glyphStarts = new int[glyphCount + 1];
        for (var i = 0; i <= glyphCount; i++)
        {
            glyphStarts[i] = shortOffsets ? BinaryPrimitives.ReadUInt16BigEndian(loca[(2 * i)..]) * 2 : (int)BinaryPrimitives.ReadUInt32BigEndian(loca[(4 * i)..]);
        }
        Typeface = SKTypeface.FromData(SKData.CreateCopy(file)) ?? throw new InvalidOperationException("Skia could not read a shipped font.");
    }

    /// <summary>The whole font, for measuring text; shared by every render (Skia typefaces are immutable).</summary>
    public SKTypeface Typeface { get; }

    public int GlyphCount => glyphStarts.Length - 1;

    /// <summary>A copy of the font file in which every glyph not marked in <paramref name="used"/> has no outline.</summary>
    public byte[] Subset(bool[] used)
    {
        var keep = (bool[])used.Clone();
        keep[0] = true; // .notdef, drawn for characters the font lacks
        var glyf = Table("glyf");
        for (var glyph = 0; glyph < GlyphCount; glyph++)
        {
            if (keep[glyph])
            {
                KeepComponents(glyf, glyph, keep);
            }
        }

        var newGlyf = new List<byte>(16 * 1024);
        var newLoca = new byte[4 * (GlyphCount + 1)];
        for (var glyph = 0; glyph < GlyphCount; glyph++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * glyph), (uint)newGlyf.Count);
            if (keep[glyph])
            {
                newGlyf.AddRange(glyf[glyphStarts[glyph]..glyphStarts[glyph + 1]]);
                while (newGlyf.Count % 4 != 0)
                {
                    newGlyf.Add(0);
                }
            }
        }
        BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * GlyphCount), (uint)newGlyf.Count);

        var head = Table("head").ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0); // checkSumAdjustment, set once the file is complete
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1); // indexToLocFormat: 32-bit offsets
        var post = Table("post")[..32].ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(post, 0x00030000); // version 3: no glyph names, which are a tenth of the file

        var output = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["glyf"] = [.. newGlyf],
            ["head"] = head,
            ["loca"] = newLoca,
            ["post"] = post,
        };
        foreach (var tag in tables.Keys.Where(CopiedTables.Contains))
        {
            output[tag] = Table(tag).ToArray();
        }
        return Write(output);
    }

    private static PdfFont Load(string fileName)
    {
        using var stream = typeof(PdfFont).Assembly.GetManifestResourceStream("ShopPortal.Fonts." + fileName)
            ?? throw new InvalidOperationException($"The font {fileName} is not embedded in the app.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return new PdfFont(bytes);
    }

    private ReadOnlySpan<byte> Table(string tag)
    {
        var (offset, length) = tables.TryGetValue(tag, out var table) ? table : throw new InvalidOperationException($"The font has no '{tag}' table.");
        return file.AsSpan(offset, length);
    }

    /// <summary>Accented letters are often composites of a base letter and an accent: keep those too.</summary>
    private void KeepComponents(ReadOnlySpan<byte> glyf, int glyph, bool[] keep)
    {
        var data = glyf[glyphStarts[glyph]..glyphStarts[glyph + 1]];
        if (data.Length < 10 || BinaryPrimitives.ReadInt16BigEndian(data) >= 0)
        {
            return;
        }
        const int ArgsAreWords = 0x0001, Scale = 0x0008, MoreComponents = 0x0020, XYScale = 0x0040, TwoByTwo = 0x0080;
        var at = 10;
        int flags;
        do
        {
            flags = BinaryPrimitives.ReadUInt16BigEndian(data[at..]);
            var component = BinaryPrimitives.ReadUInt16BigEndian(data[(at + 2)..]);
            if (component < GlyphCount && !keep[component])
            {
                keep[component] = true;
                KeepComponents(glyf, component, keep);
            }
            at += 4 + ((flags & ArgsAreWords) != 0 ? 4 : 2)
                + ((flags & Scale) != 0 ? 2 : (flags & XYScale) != 0 ? 4 : (flags & TwoByTwo) != 0 ? 8 : 0);
        }
        while ((flags & MoreComponents) != 0);
    }

    private static byte[] Write(SortedDictionary<string, byte[]> output)
    {
        var count = output.Count;
        var directory = 12 + 16 * count;
        var length = directory + output.Values.Sum(t => Padded(t.Length));
        var font = new byte[length];
        var power = 1 << (int)Math.Log2(count);
        BinaryPrimitives.WriteUInt32BigEndian(font, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(4), (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(6), (ushort)(power * 16));
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(8), (ushort)Math.Log2(power));
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(10), (ushort)(count * 16 - power * 16));

        var record = 12;
        var offset = directory;
        var head = 0;
        foreach (var (tag, data) in output)
        {
            head = tag == "head" ? offset : head;
            data.CopyTo(font, offset);
            System.Text.Encoding.ASCII.GetBytes(tag, font.AsSpan(record));
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(record + 4), Checksum(font.AsSpan(offset, Padded(data.Length))));
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(record + 8), (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(record + 12), (uint)data.Length);
            record += 16;
            offset += Padded(data.Length);
        }
        BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(head + 8), 0xB1B0AFBA - Checksum(font));
        return font;
    }

    private static int Padded(int length) => (length + 3) & ~3;

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i < data.Length; i += 4)
        {
            sum += BinaryPrimitives.ReadUInt32BigEndian(data[i..]);
        }
        return sum;
    }
}
