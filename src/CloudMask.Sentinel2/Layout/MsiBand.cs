using CloudMask.Raster.Spectral;

namespace CloudMask.Sentinel2.Layout;

/// <summary>
/// One spectral band of the Sentinel-2 MultiSpectral Instrument.
/// </summary>
/// <param name="Name">File-name form: B01..B12, B8A.</param>
/// <param name="BandId">Index used by the metadata XML (band_id / bandId attributes): 0..12, B8A is 8.</param>
/// <param name="NativeResolutionM">Ground sampling of the L1C file: 10, 20 or 60 m.</param>
/// <param name="CentralWavelengthUm">Centre wavelength in micrometres (Sentinel-2A spectral response).</param>
/// <param name="FwhmUm">Bandwidth (FWHM) in micrometres (Sentinel-2A).</param>
public sealed record MsiBand(string Name, int BandId, int NativeResolutionM, double CentralWavelengthUm, double FwhmUm)
{
    /// <summary>The same band in the project's sensor catalogue (for band stacks shared with GeoTIFF inputs).</summary>
    public SpectralBand Spectral => SensorBands.Sentinel2Msi[BandId];

    public override string ToString() => Name;
}

/// <summary>
/// The MSI band catalogue and the band sets of each product level. Wavelengths come from
/// <see cref="SensorBands.Sentinel2Msi"/> (Sentinel-2A spectral response; 2B/2C differ by at most 4 nm),
/// so the project has one source for them.
/// </summary>
public static class MsiBands
{
    public static readonly MsiBand B01 = FromCatalogue("B01", 0, 60);
    public static readonly MsiBand B02 = FromCatalogue("B02", 1, 10);
    public static readonly MsiBand B03 = FromCatalogue("B03", 2, 10);
    public static readonly MsiBand B04 = FromCatalogue("B04", 3, 10);
    public static readonly MsiBand B05 = FromCatalogue("B05", 4, 20);
    public static readonly MsiBand B06 = FromCatalogue("B06", 5, 20);
    public static readonly MsiBand B07 = FromCatalogue("B07", 6, 20);
    public static readonly MsiBand B08 = FromCatalogue("B08", 7, 10);
    public static readonly MsiBand B8A = FromCatalogue("B8A", 8, 20);
    public static readonly MsiBand B09 = FromCatalogue("B09", 9, 60);
    public static readonly MsiBand B10 = FromCatalogue("B10", 10, 60);
    public static readonly MsiBand B11 = FromCatalogue("B11", 11, 20);
    public static readonly MsiBand B12 = FromCatalogue("B12", 12, 20);

    private static MsiBand FromCatalogue(string name, int bandId, int nativeResolutionM)
    {
        var spectral = SensorBands.Sentinel2Msi[bandId];
        if (spectral.Name != name) throw new InvalidOperationException($"SensorBands.Sentinel2Msi[{bandId}] is {spectral.Name}, expected {name}");
        return new MsiBand(name, bandId, nativeResolutionM, spectral.CentralWavelengthUm, spectral.FwhmUm);
    }

    /// <summary>All 13 bands in band_id order (the order of the metadata XML and of KappaMask's L1C input).</summary>
    public static IReadOnlyList<MsiBand> All { get; } =
        [B01, B02, B03, B04, B05, B06, B07, B08, B8A, B09, B10, B11, B12];

    /// <summary>Bands of an L1C product: all 13.</summary>
    public static IReadOnlyList<MsiBand> L1C => All;

    /// <summary>Bands of an L2A product: 12, because Sen2Cor drops the cirrus band B10.</summary>
    public static IReadOnlyList<MsiBand> L2A { get; } = [B01, B02, B03, B04, B05, B06, B07, B08, B8A, B09, B11, B12];

    /// <summary>The spectral bands a product of this level holds.</summary>
    public static IReadOnlyList<MsiBand> Of(ProductLevel level) => level == ProductLevel.L1C ? L1C : L2A;

    /// <summary>Finds a band by name. Accepts B01/B1, B8A/B8a (the XML's physicalBand uses B1, B8A).</summary>
    public static bool TryGet(string? name, out MsiBand band)
    {
        band = null!;
        if (string.IsNullOrWhiteSpace(name)) return false;
        var n = name.Trim().ToUpperInvariant();
        if (n.Length == 2 && n[0] == 'B' && char.IsDigit(n[1])) n = "B0" + n[1];
        foreach (var b in All)
        {
            if (b.Name == n)
            {
                band = b;
                return true;
            }
        }
        return false;
    }

    /// <summary>Finds a band by name or throws, listing the valid names.</summary>
    public static MsiBand Get(string name) =>
        TryGet(name, out var band)
            ? band
            : throw new ArgumentException(
                $"'{name}' is not a Sentinel-2 band; valid names: {string.Join(", ", All.Select(b => b.Name))}.", nameof(name));

    /// <summary>The band with this XML band_id (0..12).</summary>
    public static MsiBand ById(int bandId) =>
        bandId is >= 0 and <= 12
            ? All[bandId]
            : throw new ArgumentOutOfRangeException(nameof(bandId), bandId, "Sentinel-2 band_id runs from 0 (B01) to 12 (B12).");
}
