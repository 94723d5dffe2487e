using System.Buffers.Binary;
using SkiaSharp;

namespace ShopPortal.Services.Portal;

/// <summary>Checks a drawn signature before it is stored: a real, small, non-empty PNG and nothing else.</summary>
public static class SignaturePng
{
    public const int MaxBytes = 200 * 1024;
    public const int MaxWidth = 2400;
    public const int MaxHeight = 1200;
    private const string DataUrlPrefix = "data:image/png;base64,";
    private static readonly byte[] Magic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The PNG bytes, or an error message the customer can act on.</summary>
    public static (byte[]? Png, string? Error) Read(string? posted)
    {
        if (string.IsNullOrWhiteSpace(posted))
        {
            return (null, "Please sign in the box before you submit.");
        }
        var base64 = posted.StartsWith(DataUrlPrefix, StringComparison.Ordinal) ? posted[DataUrlPrefix.Length..] : posted;
        // Base64 is 4/3 of the bytes: anything longer cannot decode to an acceptable size.
        if (base64.Length > (MaxBytes + 2) / 3 * 4)
        {
            return (null, "The signature image is too large. Please clear it and sign again.");
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return (null, "The signature must be a PNG image.");
        }
        return Check(bytes);
    }

    public static (byte[]? Png, string? Error) Check(byte[] bytes)
    {
        if (bytes.Length > MaxBytes)
        {
            return (null, "The signature image is too large. Please clear it and sign again.");
        }
        // PNG signature, then the IHDR chunk (length 13) with width and height.
        if (bytes.Length < 33 || !bytes.AsSpan(0, 8).SequenceEqual(Magic) || !bytes.AsSpan(12, 4).SequenceEqual("IHDR"u8))
        {
            return (null, "The signature must be a PNG image.");
        }
        var width = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16));
        var height = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20));
        if (width is 0 or > MaxWidth || height is 0 or > MaxHeight)
        {
            return (null, $"The signature image must be at most {MaxWidth} × {MaxHeight} pixels.");
        }
        using var bitmap = SKBitmap.Decode(bytes);
        if (bitmap is null)
        {
            return (null, "The signature must be a PNG image.");
        }
        return HasInk(bitmap) ? (bytes, null) : (null, "Please sign in the box before you submit.");
    }

    private static bool HasInk(SKBitmap bitmap)
    {
        var inked = 0;
        for (var y = 0; y < bitmap.Height; y += 2)
        {
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                var pixel = bitmap.GetPixel(x, y);
                // Ink is anything visible and darker than the white/transparent background.
                if (pixel.Alpha > 64 && pixel.Red + pixel.Green + pixel.Blue < 600 && ++inked >= 20)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// A signature made of the signer's typed name, for a browser without JavaScript (which cannot draw one): the
    /// name in a slanted hand-like line on a transparent strip, as the pad's "Sign with my typed name" draws it.
    /// </summary>
    public static byte[] FromTypedName(string name)
    {
        const int Width = 600, Height = 150;
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        using var font = new SKFont(Pdf.PdfFont.Regular.Typeface, 56) { SkewX = -0.25f, Subpixel = true };
        var width = font.MeasureText(name);
        if (width > Width - 40)
        {
            font.Size *= (Width - 40) / width;
            width = font.MeasureText(name);
        }
        using var ink = new SKPaint { Color = new SKColor(0x1A, 0x23, 0x7E), IsAntialias = true };
        canvas.DrawText(name, (Width - width) / 2, Height * 0.62f, SKTextAlign.Left, font, ink);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
