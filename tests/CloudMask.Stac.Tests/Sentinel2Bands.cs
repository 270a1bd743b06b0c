using CloudMask.Raster;

namespace CloudMask.Stac.Tests;

/// <summary>
/// Tiny Sentinel-2-like scenes for server and STAC tests: reflectances that reach the Hollstein
/// tree's cloud and clear leaves, a cloud square in the middle of vegetation, in UTM 33N.
/// </summary>
internal static class Sentinel2Bands
{
    public static readonly string[] Names = ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11", "B12"];

    private static readonly float[] Cloud = [0.60f, 0.60f, 0.60f, 0.60f, 0.60f, 0.58f, 0.60f, 0.56f, 0.55f, 0.30f, 0.05f, 0.40f, 0.30f];
    private static readonly float[] Vegetation = [0.08f, 0.05f, 0.08f, 0.05f, 0.10f, 0.25f, 0.30f, 0.34f, 0.35f, 0.10f, 0.002f, 0.15f, 0.08f];

    /// <summary>Digital number (reflectance x 10000 + <paramref name="offsetDn"/>) of band <paramref name="band"/> at (x, y) of a size x size scene.</summary>
    public static ushort Value(int band, int x, int y, int size, int offsetDn = 0)
    {
        var cloudy = x >= size / 3 && x < 2 * size / 3 && y >= size / 3 && y < 2 * size / 3;
        return (ushort)(Math.Round((cloudy ? Cloud : Vegetation)[band] * 10000) + offsetDn);
    }

    /// <summary>Writes a 13-band uint16 GeoTIFF band stack (bands named B01..B12, B8A).</summary>
    public static string WriteStack(string path, int size)
    {
        using var r = new InMemoryRaster(size, size, 13, RasterDataType.UInt16);
        r.GeoTransform = new GeoTransform(600000, 10, 0, 5100000, 0, -10);
        r.Crs = Crs.FromEpsg(32633);
        for (var b = 0; b < 13; b++)
        {
            var data = new ushort[size * size];
            for (var i = 0; i < data.Length; i++) data[i] = Value(b, i % size, i / size, size);
            r.Write<ushort>(b + 1, data);
            r.SetDescription(b + 1, Names[b]);
        }
        r.SaveAs(path, RasterFormat.GeoTiff);
        return path;
    }

    /// <summary>Writes one single-band file per band into <paramref name="folder"/> as a catalogue would:
    /// 10 m bands at size px, the others at a coarser pixel (20 m: size/2, 60 m: size/6), DN offset by
    /// <paramref name="offsetDn"/>, as COGs. Returns band name -> file name.</summary>
    public static IReadOnlyDictionary<string, string> WriteBandFiles(string folder, int size, int offsetDn)
    {
        int[] pixel = [60, 10, 10, 10, 20, 20, 20, 10, 20, 60, 60, 20, 20];
        var files = new Dictionary<string, string>();
        for (var b = 0; b < 13; b++)
        {
            var factor = pixel[b] / 10;
            var n = size / factor;
            using var r = new InMemoryRaster(n, n, 1, RasterDataType.UInt16);
            r.GeoTransform = new GeoTransform(600000, pixel[b], 0, 5100000, 0, -pixel[b]);
            r.Crs = Crs.FromEpsg(32633);
            var data = new ushort[n * n];
            for (var i = 0; i < data.Length; i++) data[i] = Value(b, (i % n) * factor + factor / 2, (i / n) * factor + factor / 2, size, offsetDn);
            r.Write<ushort>(1, data);
            var name = Names[b] + ".tif";
            r.SaveAs(Path.Combine(folder, name), RasterFormat.Cog());
            files[Names[b]] = name;
        }
        return files;
    }
}
