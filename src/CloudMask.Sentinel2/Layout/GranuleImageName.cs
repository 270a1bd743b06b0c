using System.Text.RegularExpressions;

namespace CloudMask.Sentinel2.Layout;

/// <summary>
/// The name of one image file inside GRANULE/*/IMG_DATA (or QI_DATA), compact naming:
/// L1C <c>T32TQM_20220125T101301_B02.jp2</c>; L2A <c>T32TQM_20220125T101301_B02_10m.jp2</c> in
/// IMG_DATA/R10m (baselines 02.05-02.06 prefix it with "L2A_"); L2A QI layers
/// <c>MSK_CLDPRB_20m.jp2</c> / <c>MSK_SNWPRB_20m.jp2</c> (older: <c>L2A_T.._CLD_20m.jp2</c>, <c>.._SNW_20m.jp2</c>).
/// </summary>
/// <param name="Layer">B01..B12, B8A, or SCL, AOT, WVP, TCI, VIS, PVI, CLD, SNW.</param>
/// <param name="ResolutionM">Null for L1C bands (their resolution is the band's native one).</param>
public sealed partial record GranuleImageName(string? Tile, DateTime? Sensing, string Layer, int? ResolutionM)
{
    /// <summary>The band, where the layer is a spectral band.</summary>
    public MsiBand? Band => MsiBands.TryGet(Layer, out var b) ? b : null;

    /// <summary>Parses a file name or path, with or without ".jp2" (IMAGE_FILE entries have none). Never throws.</summary>
    public static bool TryParse(string? fileNameOrPath, out GranuleImageName name)
    {
        name = null!;
        if (string.IsNullOrEmpty(fileNameOrPath)) return false;
        var file = Path.GetFileName(fileNameOrPath);
        if (file.EndsWith(".jp2", StringComparison.OrdinalIgnoreCase)) file = file[..^4];

        var m = TilePattern().Match(file);
        if (m.Success)
        {
            name = new GranuleImageName(
                m.Groups["tile"].Value,
                ProductName.ParseTime(m.Groups["sensing"].Value),
                NormaliseLayer(m.Groups["layer"].Value),
                m.Groups["res"].Success ? int.Parse(m.Groups["res"].Value) : null);
            return true;
        }
        m = MaskPattern().Match(file);
        if (m.Success)
        {
            name = new GranuleImageName(null, null, m.Groups["layer"].Value == "CLDPRB" ? "CLD" : "SNW", int.Parse(m.Groups["res"].Value));
            return true;
        }
        return false;
    }

    private static string NormaliseLayer(string layer) => layer.Length == 3 && MsiBands.TryGet(layer, out var b) ? b.Name : layer;

    /// <summary>L1C: <c>T32TQM_20220125T101301_B02</c>; L2A: <c>[L2A_]T32TQM_20220125T101301_SCL_20m</c>.</summary>
    [GeneratedRegex(
        @"^(?:L2A_)?T(?<tile>\d{2}[A-Z]{3})_(?<sensing>\d{8}T\d{6})_(?<layer>B\d[\dA]|SCL|AOT|WVP|TCI|VIS|PVI|CLD|SNW|DEM)(?:_(?<res>10|20|60)m)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex TilePattern();

    /// <summary>L2A quality masks from 02.07 on: <c>MSK_CLDPRB_20m</c>, <c>MSK_SNWPRB_60m</c>.</summary>
    [GeneratedRegex(@"^MSK_(?<layer>CLDPRB|SNWPRB)_(?<res>20|60)m$", RegexOptions.CultureInvariant)]
    private static partial Regex MaskPattern();
}
