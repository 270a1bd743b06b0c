using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CloudMask.Sentinel2;
using CloudMask.Sentinel2.Layout;

namespace CloudMask.Cli.Commands;

/// <summary>What `info` reports about a Sentinel-2 product (.SAFE, .zip, MTD_MSIL*.xml); text or JSON.</summary>
internal sealed record ProductInfo(
    string Input,
    string Safe,
    string Level,
    string Spacecraft,
    string Tile,
    DateTime SensingStart,
    string ProcessingBaseline,
    string ProductUri,
    int? RelativeOrbit,
    double QuantificationValue,
    int NoDataDn,
    int SaturatedDn,
    double? CloudCoverPercent,
    int? Epsg,
    int? Width10m,
    double[]? SunZenithAzimuthDeg,
    double[]? MeanViewZenithAzimuthDeg,
    IReadOnlyList<ProductBandInfo> Bands,
    IReadOnlyDictionary<string, string> L2ALayers,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Opens the product and describes it (metadata only; no pixel is decoded).</summary>
    public static ProductInfo Describe(string path)
    {
        using var product = Sentinel2Product.Open(path);
        var m = product.Metadata;
        var g = product.Granule;
        var bands = product.Bands.Select(b =>
        {
            var file = product.BandFile(b, b.NativeResolutionM);
            return new ProductBandInfo(b.Name, b.BandId, b.CentralWavelengthUm, b.FwhmUm, b.NativeResolutionM,
                m.AddOffset(b), file.RelativePath, product.HasFile(file.RelativePath));
        }).ToList();
        var layers = new Dictionary<string, string>();
        foreach (var layer in Enum.GetValues<L2ALayer>())
            if (product.LayerFile(layer) is { } f) layers[layer.ToString()] = f.RelativePath;
        return new ProductInfo(
            path, product.SafeDisplayPath, m.Level.Code(), m.Spacecraft, m.Tile, m.SensingStart, m.Baseline.ToString(), m.ProductUri,
            m.RelativeOrbit, m.QuantificationValue, m.NoDataValue, m.SaturatedValue, m.CloudCoverPercent,
            g?.Epsg, g?.Grids.TryGetValue(10, out var grid) == true ? grid.Columns : null,
            g?.Sun is { } sun ? [sun.ZenithDeg, sun.AzimuthDeg] : null,
            g?.MeanViewingAllBands is { } view ? [view.ZenithDeg, view.AzimuthDeg] : null,
            bands, layers, m.Warnings);
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + Environment.NewLine;

    public string ToText()
    {
        var inv = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(inv, $"input:        {Input}");
        s.AppendLine(inv, $"product:      {ProductUri}");
        s.AppendLine(inv, $"level:        {Level}, Sentinel-{Spacecraft}, tile {Tile}, relative orbit {RelativeOrbit?.ToString(inv) ?? "?"}");
        s.AppendLine(inv, $"sensing:      {SensingStart:yyyy-MM-dd HH:mm:ss} UTC");
        s.AppendLine(inv, $"baseline:     {ProcessingBaseline}");
        var offsets = Bands.Select(b => b.AddOffset).Distinct().ToList();
        var offsetText = offsets.Count == 1 ? offsets[0].ToString("0.##", inv) + (offsets[0] == 0 ? " (none)" : " on every band") : "per band, see below";
        s.AppendLine(inv, $"reflectance:  (DN + offset) / {QuantificationValue:0.##}, offset {offsetText}; nodata DN {NoDataDn}, saturated DN {SaturatedDn}");
        s.AppendLine(inv, $"cloud cover:  {(CloudCoverPercent is { } c ? c.ToString("0.##", inv) + " %" : "not stated")}");
        s.AppendLine(inv, $"crs:          {(Epsg is { } e ? "EPSG:" + e.ToString(inv) : "unknown (no MTD_TL.xml)")}{(Width10m is { } w ? $", {w} x {w} pixels at 10 m" : "")}");
        s.AppendLine(SunZenithAzimuthDeg is { } sun ? string.Format(inv, "sun:          zenith {0:0.##} deg, azimuth {1:0.##} deg", sun[0], sun[1]) : "sun:          unknown (no MTD_TL.xml)");
        if (MeanViewZenithAzimuthDeg is { } view) s.AppendLine(string.Format(inv, "view (mean):  zenith {0:0.##} deg, azimuth {1:0.##} deg", view[0], view[1]));
        s.AppendLine("bands:");
        s.AppendLine("  name  id  wavelength  bandwidth  res   offset  file");
        foreach (var b in Bands)
        {
            s.AppendLine(string.Format(inv, "  {0,-4} {1,3} {2,7:0.000} um {3,7:0.000} um {4,3} m {5,8:0.##}  {6}{7}",
                b.Name, b.BandId, b.WavelengthUm, b.FwhmUm, b.NativeResolutionM, b.AddOffset, b.File, b.Present ? "" : "  (MISSING)"));
        }
        if (L2ALayers.Count > 0)
        {
            s.AppendLine("L2A layers:");
            foreach (var (name, file) in L2ALayers) s.AppendLine(inv, $"  {name,-4} {file}");
        }
        foreach (var warning in Warnings) s.AppendLine(inv, $"warning: {warning}");
        return s.ToString();
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>One band line of <see cref="ProductInfo"/>.</summary>
internal sealed record ProductBandInfo(string Name, int BandId, double WavelengthUm, double FwhmUm, int NativeResolutionM, double AddOffset, string File, bool Present);
