using CloudMask.Raster;

namespace CloudMask.Masking.Plotting;

/// <summary>An RGB image in memory for the analysis charts: rectangles, lines, text, saved as PNG.</summary>
public sealed class Canvas
{
    private readonly byte[][] _rgb;

    public Canvas(int width, int height)
    {
        (Width, Height) = (width, height);
        _rgb = Enumerable.Range(0, 3).Select(_ => Enumerable.Repeat((byte)255, width * height).ToArray()).ToArray();
    }

    public int Width { get; }
    public int Height { get; }

    public (byte R, byte G, byte B) this[int x, int y] => (_rgb[0][y * Width + x], _rgb[1][y * Width + x], _rgb[2][y * Width + x]);

    public void Set(int x, int y, (byte R, byte G, byte B) c)
    {
        if (x < 0 || y < 0 || x >= Width || y >= Height) return;
        var i = y * Width + x;
        (_rgb[0][i], _rgb[1][i], _rgb[2][i]) = (c.R, c.G, c.B);
    }

    /// <summary>Fills the rectangle spanning the two corners (either order), clipped to the canvas.</summary>
    public void Fill(int x0, int y0, int x1, int y1, (byte R, byte G, byte B) c)
    {
        for (var y = Math.Min(y0, y1); y <= Math.Max(y0, y1); y++)
            for (var x = Math.Min(x0, x1); x <= Math.Max(x0, x1); x++) Set(x, y, c);
    }

    public void Line(int x0, int y0, int x1, int y1, (byte R, byte G, byte B) c, int thickness = 1)
    {
        var steps = Math.Max(Math.Abs(x1 - x0), Math.Abs(y1 - y0));
        for (var s = 0; s <= steps; s++)
        {
            var x = x0 + (steps == 0 ? 0 : (int)Math.Round((double)(x1 - x0) * s / steps));
            var y = y0 + (steps == 0 ? 0 : (int)Math.Round((double)(y1 - y0) * s / steps));
            Fill(x - thickness / 2, y - thickness / 2, x + (thickness - 1) / 2, y + (thickness - 1) / 2, c);
        }
    }

    /// <summary>Draws text with its top-left corner at (x, y).</summary>
    public void Text(int x, int y, string text, (byte R, byte G, byte B) c, int scale = 1)
    {
        for (var k = 0; k < text.Length; k++)
            for (var gy = 0; gy < PixelFont.GlyphHeight; gy++)
                for (var gx = 0; gx < PixelFont.GlyphWidth; gx++)
                    if (PixelFont.Ink(text[k], gx, gy))
                        Fill(x + (k * PixelFont.Advance + gx) * scale, y + gy * scale, x + (k * PixelFont.Advance + gx + 1) * scale - 1, y + (gy + 1) * scale - 1, c);
    }

    /// <summary>Text read bottom to top (rotated 90 degrees anticlockwise), its bottom-left at (x, y).</summary>
    public void TextUp(int x, int y, string text, (byte R, byte G, byte B) c)
    {
        for (var k = 0; k < text.Length; k++)
            for (var gy = 0; gy < PixelFont.GlyphHeight; gy++)
                for (var gx = 0; gx < PixelFont.GlyphWidth; gx++)
                    if (PixelFont.Ink(text[k], gx, gy)) Set(x + gy, y - k * PixelFont.Advance - gx, c);
    }

    /// <summary>Writes the canvas as PNG (temporary name, then rename).</summary>
    public void SavePng(string path, bool overwrite)
    {
        using var raster = new InMemoryRaster(Width, Height, 3, RasterDataType.Byte);
        for (var b = 0; b < 3; b++) raster.Write<byte>(b + 1, _rgb[b]);
        raster.SaveAs(path, RasterFormat.Png, overwrite);
    }
}
