using System.Globalization;
using System.Text.RegularExpressions;

namespace CloudMask.Sentinel2.Layout;

/// <summary>
/// Where each file of a single-tile compact-naming SAFE product lives, as paths relative to the
/// .SAFE folder with '/' separators. Readers take paths from the metadata (IMAGE_FILE entries) and
/// use this as the fallback and to check them; writers (the scene simulator) use it to lay out a product.
/// </summary>
/// <param name="Name">The product name (gives level, tile, sensing time, baseline).</param>
/// <param name="AbsoluteOrbit">Absolute orbit number of the granule (the A-token of its folder).</param>
/// <param name="GranuleSensing">Sensing start of the granule (the last token of its folder); often a
/// few seconds after the datatake start in the product name.</param>
public sealed partial record SafeLayout(ProductName Name, int AbsoluteOrbit, DateTime GranuleSensing)
{
    /// <summary>Lays out a product whose granule sensing time is the datatake start.</summary>
    public SafeLayout(ProductName name, int absoluteOrbit) : this(name, absoluteOrbit, name.SensingStart) { }

    public ProductLevel Level => Name.Level;

    /// <summary>The .SAFE folder name.</summary>
    public string SafeFolderName => Name.SafeFolderName;

    /// <summary>MTD_MSIL1C.xml or MTD_MSIL2A.xml.</summary>
    public string ProductMetadataPath => Level.MetadataFileName();

    /// <summary>manifest.safe.</summary>
    public const string ManifestPath = "manifest.safe";

    /// <summary>GRANULE/L1C_T32TQM_A034364_20220125T101302.</summary>
    public string GranulePath =>
        $"GRANULE/{Level.Code()}_T{Name.Tile}_A{AbsoluteOrbit.ToString("000000", CultureInfo.InvariantCulture)}_{ProductName.Format(GranuleSensing)}";

    /// <summary>GRANULE/…/MTD_TL.xml: sun and view angles, tile geocoding.</summary>
    public string GranuleMetadataPath => GranulePath + "/MTD_TL.xml";

    /// <summary>
    /// Image file stem shared by all bands of the granule: T32TQM_20220125T101301; L2A baselines
    /// 02.05-02.06 prefix it with "L2A_".
    /// </summary>
    public string ImageStem => (HasOldL2ANames ? "L2A_" : "") + $"T{Name.Tile}_{ProductName.Format(Name.SensingStart)}";

    /// <summary>L2A products of baselines before 02.07 name files L2A_T.._B02_10m.jp2 and keep CLD/SNW as L2A_T.._CLD_20m.jp2.</summary>
    private bool HasOldL2ANames => Level == ProductLevel.L2A && Name.Baseline is { } b && b >= new ProcessingBaseline(2, 0) && b < new ProcessingBaseline(2, 7);

    /// <summary>
    /// Reads the layout back from a product name and its granule folder name
    /// (L1C_T32TQM_A034364_20220125T101302, or a path ending in it). Never throws.
    /// </summary>
    public static bool TryParse(ProductName name, string granuleFolder, out SafeLayout layout)
    {
        layout = null!;
        var m = GranuleFolderPattern().Match(Path.GetFileName(granuleFolder.TrimEnd('/')));
        if (!m.Success || m.Groups["level"].Value != name.Level.Code() || m.Groups["tile"].Value != name.Tile) return false;
        layout = new SafeLayout(name, int.Parse(m.Groups["orbit"].Value, CultureInfo.InvariantCulture), ProductName.ParseTime(m.Groups["sensing"].Value));
        return true;
    }

    [GeneratedRegex(@"^(?<level>L1C|L2A)_T(?<tile>\d{2}[A-Z]{3})_A(?<orbit>\d{6})_(?<sensing>\d{8}T\d{6})$", RegexOptions.CultureInvariant)]
    private static partial Regex GranuleFolderPattern();

    /// <summary>
    /// Path of a spectral band file. L1C: IMG_DATA/T.._B02.jp2 (only at the band's native resolution);
    /// L2A: IMG_DATA/R10m/T.._B02_10m.jp2 at any resolution the product offers for it.
    /// </summary>
    public string BandPath(MsiBand band, int resolutionM)
    {
        MsiResolution.Validate(resolutionM);
        if (Level == ProductLevel.L1C)
        {
            if (resolutionM != band.NativeResolutionM)
                throw new ArgumentException($"An L1C product holds {band.Name} only at {band.NativeResolutionM} m, not {resolutionM} m.", nameof(resolutionM));
            return $"{GranulePath}/IMG_DATA/{ImageStem}_{band.Name}.jp2";
        }
        if (!L2AHasBand(band, resolutionM, Name.Baseline))
            throw new ArgumentException($"An L2A product holds no {band.Name} file at {resolutionM} m.", nameof(resolutionM));
        return $"{GranulePath}/IMG_DATA/{MsiResolution.L2AFolder(resolutionM)}/{ImageStem}_{band.Name}_{resolutionM}m.jp2";
    }

    /// <summary>Path of an L2A layer file (SCL/AOT/WVP under IMG_DATA, CLD/SNW under QI_DATA, baseline 02.07+ names).</summary>
    public string LayerPath(L2ALayer layer, int resolutionM)
    {
        if (Level != ProductLevel.L2A) throw new InvalidOperationException($"{layer} exists only in L2A products.");
        MsiResolution.Validate(resolutionM);
        return layer switch
        {
            L2ALayer.CLD or L2ALayer.SNW when HasOldL2ANames => $"{GranulePath}/QI_DATA/{ImageStem}_{layer}_{RequireNot10(layer, resolutionM)}m.jp2",
            L2ALayer.CLD => $"{GranulePath}/QI_DATA/MSK_CLDPRB_{RequireNot10(layer, resolutionM)}m.jp2",
            L2ALayer.SNW => $"{GranulePath}/QI_DATA/MSK_SNWPRB_{RequireNot10(layer, resolutionM)}m.jp2",
            L2ALayer.SCL => $"{GranulePath}/IMG_DATA/{MsiResolution.L2AFolder(RequireNot10(layer, resolutionM))}/{ImageStem}_SCL_{resolutionM}m.jp2",
            _ => $"{GranulePath}/IMG_DATA/{MsiResolution.L2AFolder(resolutionM)}/{ImageStem}_{layer}_{resolutionM}m.jp2",
        };
    }

    /// <summary>
    /// The IMAGE_FILE entries of Product_Organisation/Granule_List/Granule (SAFE-relative, no ".jp2"),
    /// in ESA's order. GDAL's SENTINEL2 driver finds the bands through these.
    /// </summary>
    public IEnumerable<string> ImageFileEntries()
    {
        static string Stem(string path) => path[..^4];
        if (Level == ProductLevel.L1C)
        {
            foreach (var band in MsiBands.L1C) yield return Stem(BandPath(band, band.NativeResolutionM));
            yield return $"{GranulePath}/IMG_DATA/{ImageStem}_TCI";
            yield break;
        }
        foreach (var res in new[] { 20, 60, 10 })
        {
            foreach (var band in MsiBands.L2A.Where(b => L2AHasBand(b, res, Name.Baseline))) yield return Stem(BandPath(band, res));
            if (res != 10) yield return Stem(LayerPath(L2ALayer.SCL, res));
            yield return Stem(LayerPath(L2ALayer.AOT, res));
            yield return Stem(LayerPath(L2ALayer.WVP, res));
        }
    }

    /// <summary>
    /// Whether an L2A product has a file for this band at this resolution: every band at its native
    /// resolution and coarser, except that B08 exists only at 10 m; B01 also exists at 20 m from
    /// baseline 04.00 (unknown baseline: assumed current).
    /// </summary>
    public static bool L2AHasBand(MsiBand band, int resolutionM, ProcessingBaseline? baseline = null)
    {
        if (band == MsiBands.B10) return false;
        if (band == MsiBands.B08) return resolutionM == 10;
        if (band == MsiBands.B01 && resolutionM == 20) return (baseline ?? ProcessingBaseline.OffsetIntroduced) >= ProcessingBaseline.OffsetIntroduced;
        return resolutionM >= band.NativeResolutionM;
    }

    private static int RequireNot10(L2ALayer layer, int resolutionM) =>
        resolutionM != 10 ? resolutionM : throw new ArgumentException($"{layer} exists only at 20 and 60 m.", nameof(resolutionM));
}
