using System.IO.Compression;
using CloudMask.Raster;
using CloudMask.Sentinel2.Layout;

namespace CloudMask.Sentinel2.Tests;

/// <summary>
/// Writes tiny but complete SAFE products for pixel tests: real lossless JPEG 2000 band files (through
/// the Raster writer), metadata from <see cref="SafeMetadataWriter"/>. The DN of every pixel comes from
/// a function the test chooses, so expected reflectances are computed by the test, not by the reader.
/// </summary>
internal static class SyntheticProduct
{
    /// <summary>Default size at 10 m: divisible by 6 so 20 m and 60 m grids are whole.</summary>
    public const int Size10m = 120;

    public static ProductName Name(ProductLevel level, string baseline, string tile = "32TQM") => new(
        "2B", level, new DateTime(2022, 1, 25, 10, 13, 1, DateTimeKind.Utc), ProcessingBaseline.Parse(baseline), 22, tile,
        new DateTime(2022, 1, 25, 12, 15, 16, DateTimeKind.Utc));

    /// <summary>Builds a product folder under <paramref name="parent"/> and returns the .SAFE path.</summary>
    /// <param name="dn">DN of band at native pixel (x, y) of the band's file grid.</param>
    public static string Build(string parent, ProductLevel level, string baseline, Func<MsiBand, int, int, int, ushort> dn,
        int size10m = Size10m, Func<SafeMetadataSpec, SafeMetadataSpec>? adjust = null)
    {
        var layout = new SafeLayout(Name(level, baseline), 34364, new DateTime(2022, 1, 25, 10, 13, 2, DateTimeKind.Utc));
        var spec = new SafeMetadataSpec { Layout = layout, SizePixels10m = size10m, CloudCoverPercent = 12.5 };
        if (adjust is not null) spec = adjust(spec);
        var safe = Path.Combine(parent, layout.SafeFolderName);
        SafeMetadataWriter.Write(safe, spec);
        File.WriteAllText(Path.Combine(safe, SafeLayout.ManifestPath), "<xfdu/>");

        foreach (var entry in layout.ImageFileEntries())
        {
            if (!GranuleImageName.TryParse(entry, out var name)) throw new InvalidOperationException($"layout wrote an unparsable entry {entry}");
            var res = name.ResolutionM ?? name.Band?.NativeResolutionM ?? 10;
            if (name.Layer == "TCI") continue; // no reader here uses the true-colour preview
            var band = name.Band;
            WriteJp2(Path.Combine(safe, entry + ".jp2"), spec, res, (x, y) => band is null ? (ushort)(name.Layer == "SCL" ? 4 : 100) : dn(band, res, x, y));
        }
        return safe;
    }

    /// <summary>Zips a SAFE folder the way ESA's download service does (NAME.SAFE/ at the top).</summary>
    public static string Zip(string safeFolder, string zipPath)
    {
        ZipFile.CreateFromDirectory(safeFolder, zipPath, CompressionLevel.Fastest, includeBaseDirectory: true);
        return zipPath;
    }

    private static void WriteJp2(string path, SafeMetadataSpec spec, int res, Func<int, int, ushort> dn)
    {
        var n = spec.SizePixels10m * 10 / res;
        var pixels = new ushort[n * n];
        for (var y = 0; y < n; y++)
            for (var x = 0; x < n; x++)
                pixels[y * n + x] = dn(x, y);
        using var raster = new InMemoryRaster(n, n, 1, RasterDataType.UInt16)
        {
            GeoTransform = new GeoTransform(spec.UlX, res, 0, spec.UlY, 0, -res),
            Crs = Crs.FromEpsg(spec.Epsg),
        };
        raster.Write<ushort>(1, pixels);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        raster.SaveAs(path, RasterFormat.Jp2Lossless);
    }
}
