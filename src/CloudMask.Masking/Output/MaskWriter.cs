using System.Globalization;
using CloudMask.Masking.Classes;
using CloudMask.Raster;

namespace CloudMask.Masking.Output;

/// <summary>Where a mask sits on Earth: copied from the input it was made from.</summary>
public sealed record GeoReference(GeoTransform? Transform, string? Crs)
{
    public static GeoReference None { get; } = new(null, null);
}

/// <summary>
/// Writes class masks as Cloud-Optimized GeoTIFFs every tool opens the same way: uint8 codes
/// (<see cref="MaskClass"/>), nodata 0, a colour table (QGIS shows it at once), class names in
/// band metadata (inside the file, not an .aux.xml sidecar), overviews by mode, DEFLATE.
/// </summary>
public static class MaskWriter
{
    /// <summary>Metadata item holding the legend, e.g. "0=missing,1=clear,...".</summary>
    public const string ClassNamesItem = "CLASS_NAMES";

    /// <summary>Writes <paramref name="mask"/> (row-major, width x height) to <paramref name="path"/>.</summary>
    /// <param name="metadata">Extra dataset metadata (model id, input), written into the file.</param>
    public static void Write(string path, ReadOnlySpan<byte> mask, int width, int height, GeoReference georeference,
        bool overwrite = false, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (mask.Length != (long)width * height)
            throw new ArgumentException($"mask has {mask.Length} pixels, {width}x{height} expected", nameof(mask));
        foreach (var code in mask)
            if (code > (byte)MaskClass.Undefined)
                throw new ArgumentException($"mask value {code} is not a class code (0..5)", nameof(mask));

        using var raster = new InMemoryRaster(width, height, 1, RasterDataType.Byte)
        {
            GeoTransform = georeference.Transform,
            Crs = georeference.Crs,
        };
        raster.Write(1, mask);
        raster.SetNoData(1, (byte)MaskClass.Missing);
        raster.SetDescription(1, "cloud mask");
        raster.SetColorTable(1, Palette());
        raster.SetMetadataItem(ClassNamesItem, Legend(), band: 1);
        foreach (var c in MaskClasses.All)
            raster.SetMetadataItem($"CLASS_{(byte)c}", MaskClasses.Name(c), band: 1);
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
            raster.SetMetadataItem(key, value);
        // Mode keeps overview pixels real class codes; building them in memory first is what
        // makes the COG write fast (field notes: ~1 s for a full 10980 px product).
        raster.BuildOverviews(Resampling.Mode, minSize: 256);
        raster.SaveAs(path, RasterFormat.Cog(Resampling.Mode), overwrite);
    }

    /// <summary>"0=missing,1=clear,2=cloud_shadow,..." in code order.</summary>
    public static string Legend() =>
        string.Join(',', MaskClasses.All.Select(c => ((byte)c).ToString(CultureInfo.InvariantCulture) + "=" + MaskClasses.Name(c)));

    /// <summary>The palette: entry i is the colour of code i, entries 6..255 transparent black.</summary>
    public static ColorTable Palette() => new(Enumerable.Range(0, 256).Select(i =>
        i < MaskClasses.All.Count
            ? MaskClasses.Colour((MaskClass)i) is var (r, g, b, a) ? new ColorEntry(r, g, b, a) : default
            : new ColorEntry(0, 0, 0, 0)));
}
