using CloudMask.Masking.Classes;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Output;

/// <summary>
/// A PNG for people: the scene in true colour (red, green, blue bands, brightened) with the mask's
/// non-clear classes laid over it half-transparent, scaled down to at most <c>maxSize</c> pixels.
/// </summary>
public static class PreviewWriter
{
    public static void Write(string path, ISpectralSource source, byte[] mask, bool overwrite, int maxSize = 1024, float gain = 3.5f)
    {
        var (red, green, blue) = (FindBand(source, 0.665), FindBand(source, 0.56), FindBand(source, 0.49));
        var step = Math.Max(1, (int)Math.Ceiling(Math.Max(source.Width, source.Height) / (double)maxSize));
        int width = (source.Width + step - 1) / step, height = (source.Height + step - 1) / step;
        var rgb = new[] { new byte[width * height], new byte[width * height], new byte[width * height] };
        var row = new float[source.Width * step];
        foreach (var (channel, band) in new[] { (0, red), (1, green), (2, blue) })
        {
            for (var y0 = 0; y0 < source.Height; y0 += step)
            {
                var rows = Math.Min(step, source.Height - y0);
                source.ReadReflectance(band, new Window(0, y0, source.Width, rows), row);
                for (var x = 0; x < width; x++)
                {
                    var v = row[x * step]; // nearest sample: previews need no more
                    rgb[channel][y0 / step * width + x] = float.IsNaN(v) ? (byte)0 : (byte)Math.Clamp(v * gain * 255, 0, 255);
                }
            }
        }
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var code = (MaskClass)mask[(long)y * step * source.Width + x * step];
                if (code is MaskClass.Clear or MaskClass.Missing) continue;
                var (r, g, b, _) = MaskClasses.Colour(code);
                var i = y * width + x;
                rgb[0][i] = (byte)((rgb[0][i] + r) / 2);
                rgb[1][i] = (byte)((rgb[1][i] + g) / 2);
                rgb[2][i] = (byte)((rgb[2][i] + b) / 2);
            }
        using var raster = new InMemoryRaster(width, height, 3, RasterDataType.Byte);
        for (var c = 0; c < 3; c++) raster.Write<byte>(c + 1, rgb[c]);
        raster.SaveAs(path, RasterFormat.Png, overwrite);
    }

    /// <summary>The band closest in wavelength to <paramref name="micrometres"/>.</summary>
    private static int FindBand(ISpectralSource source, double micrometres) =>
        source.SpectralBands.Select((b, i) => (Distance: Math.Abs(b.CentralWavelengthUm - micrometres), Index: i)).Min().Index;
}
