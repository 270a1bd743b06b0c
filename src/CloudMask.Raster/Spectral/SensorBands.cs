namespace CloudMask.Raster.Spectral;

/// <summary>
/// The catalogue of band names the project recognises, with centre wavelengths and widths.
/// Sentinel-2 values are the MSI (S2A) spectral response centres; Landsat values are those the
/// chip format's own files carry (GDAL RFC 100 IMAGERY metadata).
/// </summary>
public static class SensorBands
{
    /// <summary>Sentinel-2 MSI, in the order of the product's band_id 0..12.</summary>
    public static IReadOnlyList<SpectralBand> Sentinel2Msi { get; } =
    [
        new("B01", 0.4427, 0.021, 60), new("B02", 0.4924, 0.066, 10), new("B03", 0.5598, 0.036, 10),
        new("B04", 0.6646, 0.031, 10), new("B05", 0.7041, 0.015, 20), new("B06", 0.7405, 0.015, 20),
        new("B07", 0.7828, 0.020, 20), new("B08", 0.8328, 0.106, 10), new("B8A", 0.8647, 0.021, 20),
        new("B09", 0.9451, 0.020, 60), new("B10", 1.3735, 0.031, 60), new("B11", 1.6137, 0.091, 20),
        new("B12", 2.2024, 0.175, 20),
    ];

    /// <summary>Landsat 8/9 OLI reflective bands (no panchromatic B8).</summary>
    public static IReadOnlyList<SpectralBand> Landsat8Oli { get; } =
    [
        new("OLI_B1", 0.4430, 0.0160, 30), new("OLI_B2", 0.4826, 0.0601, 30), new("OLI_B3", 0.5613, 0.0574, 30),
        new("OLI_B4", 0.6546, 0.0375, 30), new("OLI_B5", 0.8646, 0.0282, 30), new("OLI_B6", 1.6090, 0.0847, 30),
        new("OLI_B7", 2.2010, 0.1867, 30), new("OLI_B9", 1.3730, 0.0204, 30),
    ];

    /// <summary>Landsat 7 ETM+ (and, close enough for masking, Landsat 5 TM) reflective bands.</summary>
    public static IReadOnlyList<SpectralBand> Landsat7Etm { get; } =
    [
        new("ETM_B1", 0.483, 0.065, 30), new("ETM_B2", 0.560, 0.080, 30), new("ETM_B3", 0.662, 0.060, 30),
        new("ETM_B4", 0.835, 0.130, 30), new("ETM_B5", 1.648, 0.200, 30), new("ETM_B7", 2.206, 0.260, 30),
    ];

    /// <summary>
    /// STAC "eo:common_name" band names (and the red-edge asset keys of Earth Search), for files
    /// from STAC catalogues whose bands are named that way. The names say less than a sensor band
    /// name does, so each takes the wavelength and width of the Sentinel-2 band it stands for.
    /// </summary>
    public static IReadOnlyList<SpectralBand> StacCommonNames { get; } =
    [
        .. new (string Common, string Sentinel2)[]
        {
            ("coastal", "B01"), ("blue", "B02"), ("green", "B03"), ("red", "B04"),
            ("rededge071", "B05"), ("rededge075", "B06"), ("rededge078", "B07"), ("rededge1", "B05"), ("rededge2", "B06"), ("rededge3", "B07"),
            ("nir", "B08"), ("nir08", "B8A"), ("nir09", "B09"), ("cirrus", "B10"), ("swir16", "B11"), ("swir22", "B12"),
        }.Select(a => Sentinel2Msi.First(b => b.Name == a.Sentinel2) with { Name = a.Common, NativeResolutionM = null }),
    ];

    private static readonly Dictionary<string, SpectralBand> ByName = BuildIndex();

    /// <summary>
    /// Finds a band by name, ignoring case; Sentinel-2 names may omit the leading zero ("B2") and
    /// carry the usual suffixes of single-band files ("B02_10m"); STAC common names ("red", "nir08") are known too.
    /// </summary>
    public static SpectralBand? Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var key = name.Trim().ToUpperInvariant();
        if (ByName.TryGetValue(key, out var band)) return band;
        var underscore = key.LastIndexOf('_');
        if (underscore > 0 && key[(underscore + 1)..] is "10M" or "20M" or "60M") return Find(key[..underscore]);
        return null;
    }

    private static Dictionary<string, SpectralBand> BuildIndex()
    {
        var index = new Dictionary<string, SpectralBand>(StringComparer.OrdinalIgnoreCase);
        foreach (var band in Sentinel2Msi.Concat(Landsat8Oli).Concat(Landsat7Etm)) index[band.Name] = band;
        foreach (var band in Sentinel2Msi.Where(b => b.Name[1] == '0')) index["B" + band.Name[2]] = band; // B2 -> B02
        foreach (var band in StacCommonNames) index[band.Name] = band;
        return index;
    }
}
