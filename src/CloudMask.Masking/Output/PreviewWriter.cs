using CloudMask.Masking.Classes;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Output;

/// <summary>
/// Pictures for people. <see cref="Write"/>: a PNG of the scene in true colour (red, green, blue
/// bands, brightened) with the mask's non-clear classes laid over it half-transparent, scaled down
/// to at most <c>maxSize</c> pixels. <see cref="WriteQuickLook"/>: the same true colour, without the
/// mask, as a COG on the mask's grid (STEM.rgb.tif) that the map viewer lays the mask over.
/// </summary>
public static class PreviewWriter
{
    /// <summary>Reflectance times this is the displayed brightness (0..1): most land is dark in plain reflectance.</summary>
    public const float Gain = 3.5f;

    /// <summary>
    /// The quick-look's format: JPEG (YCbCr) in 512 px tiles with overviews, about a tenth of the
    /// size DEFLATE gives for imagery; browsers (geotiff.js) and GDAL read it.
    /// </summary>
    public static RasterFormat QuickLookFormat { get; } = new("COG",
        ["COMPRESS=JPEG", "QUALITY=85", "BLOCKSIZE=512", "OVERVIEWS=AUTO", "NUM_THREADS=ALL_CPUS", "BIGTIFF=IF_SAFER", "OVERVIEW_RESAMPLING=AVERAGE"], ".tif");

    public static void Write(string path, ISpectralSource source, byte[] mask, bool overwrite, int maxSize = 1024, float gain = Gain)
    {
        var (red, green, blue) = TrueColourBands(source);
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
                    rgb[channel][y0 / step * width + x] = Brightness(v, gain);
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

    /// <summary>
    /// Writes the scene in true colour (8 bits, brightened by <paramref name="gain"/>, black where the
    /// input has no data) at full resolution on the input's grid as a COG. Reads in strips of rows,
    /// so memory is the 3 bytes a pixel of the output (360 MB for a full 10980 px Sentinel-2 tile).
    /// </summary>
    public static void WriteQuickLook(string path, ISpectralSource source, GeoReference georeference, bool overwrite, float gain = Gain)
    {
        const int strip = 256;
        var (red, green, blue) = TrueColourBands(source);
        using var raster = new InMemoryRaster(source.Width, source.Height, 3, RasterDataType.Byte)
        {
            GeoTransform = georeference.Transform,
            Crs = georeference.Crs,
        };
        var values = new float[source.Width * strip];
        var bytes = new byte[source.Width * strip];
        foreach (var (channel, band) in new[] { (1, red), (2, green), (3, blue) })
        {
            for (var y0 = 0; y0 < source.Height; y0 += strip)
            {
                var window = new Window(0, y0, source.Width, Math.Min(strip, source.Height - y0));
                var count = window.Width * window.Height;
                source.ReadReflectance(band, window, values.AsSpan(0, count));
                for (var i = 0; i < count; i++) bytes[i] = Brightness(values[i], gain);
                raster.Write<byte>(channel, window, bytes.AsSpan(0, count));
            }
        }
        raster.BuildOverviews(Resampling.Average);
        raster.SaveAs(path, QuickLookFormat, overwrite);
    }

    private static byte Brightness(float reflectance, float gain) =>
        float.IsNaN(reflectance) ? (byte)0 : (byte)Math.Clamp(reflectance * gain * 255, 0, 255);

    private static (int Red, int Green, int Blue) TrueColourBands(ISpectralSource source) =>
        (FindBand(source, 0.665), FindBand(source, 0.56), FindBand(source, 0.49));

    /// <summary>The band closest in wavelength to <paramref name="micrometres"/>.</summary>
    private static int FindBand(ISpectralSource source, double micrometres) =>
        source.SpectralBands.Select((b, i) => (Distance: Math.Abs(b.CentralWavelengthUm - micrometres), Index: i)).Min().Index;
}
