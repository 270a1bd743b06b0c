using CloudMask.Sentinel2.Layout;
using CloudMask.Simulation.Sensors;

namespace CloudMask.Simulation.Products;

/// <summary>The image files of a product at each resolution, in the SAFE layout of the Sentinel2 project.</summary>
internal static class ProductLayers
{
    public static IReadOnlyList<OutputLayer> At(SafeLayout layout, SimulatedSensor sensor, int resolutionM)
    {
        int Index(MsiBand band) => sensor.IndexOf(band.Name);
        var layers = new List<OutputLayer>();
        if (layout.Level == ProductLevel.L1C)
        {
            foreach (var band in MsiBands.L1C.Where(b => b.NativeResolutionM == resolutionM))
                layers.Add(OutputLayer.Spectral(layout.BandPath(band, resolutionM), Index(band)));
            if (resolutionM == 10)
                layers.Add(OutputLayer.TrueColour(TciPath(layout, null), Index(MsiBands.B04), Index(MsiBands.B03), Index(MsiBands.B02)));
            return layers;
        }

        foreach (var band in MsiBands.L2A.Where(b => SafeLayout.L2AHasBand(b, resolutionM, layout.Name.Baseline)))
            layers.Add(OutputLayer.Spectral(layout.BandPath(band, resolutionM), Index(band)));
        layers.Add(OutputLayer.Other(layout.LayerPath(L2ALayer.AOT, resolutionM), LayerKind.Aot));
        layers.Add(OutputLayer.Other(layout.LayerPath(L2ALayer.WVP, resolutionM), LayerKind.Wvp));
        layers.Add(OutputLayer.TrueColour(TciPath(layout, resolutionM), Index(MsiBands.B04), Index(MsiBands.B03), Index(MsiBands.B02)));
        if (resolutionM != 10)
        {
            layers.Add(OutputLayer.Other(layout.LayerPath(L2ALayer.SCL, resolutionM), LayerKind.Scl));
            layers.Add(OutputLayer.Other(layout.LayerPath(L2ALayer.CLD, resolutionM), LayerKind.Cld));
            layers.Add(OutputLayer.Other(layout.LayerPath(L2ALayer.SNW, resolutionM), LayerKind.Snw));
        }
        return layers;
    }

    /// <summary>
    /// IMAGE_FILE entries of the product metadata: the Sentinel2 layout's list, plus the L2A true-colour
    /// files ESA also lists (after each resolution's WVP entry).
    /// </summary>
    public static IEnumerable<string> ImageFileEntries(SafeLayout layout)
    {
        foreach (var entry in layout.ImageFileEntries())
        {
            yield return entry;
            if (layout.Level == ProductLevel.L2A && entry.Contains("_WVP_", StringComparison.Ordinal))
            {
                int resolution = int.Parse(entry[^3..^1], System.Globalization.CultureInfo.InvariantCulture);
                yield return TciPath(layout, resolution)[..^4];
            }
        }
    }

    /// <summary>L1C: IMG_DATA/T.._TCI.jp2; L2A: IMG_DATA/R10m/T.._TCI_10m.jp2.</summary>
    public static string TciPath(SafeLayout layout, int? resolutionM) => resolutionM is { } r
        ? $"{layout.GranulePath}/IMG_DATA/{MsiResolution.L2AFolder(r)}/{layout.ImageStem}_TCI_{r}m.jp2"
        : $"{layout.GranulePath}/IMG_DATA/{layout.ImageStem}_TCI.jp2";
}
