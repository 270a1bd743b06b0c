using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;

namespace CloudMask.Cli.Reports;

/// <summary>What `info` reports about a band stack; serialised as text or JSON.</summary>
internal sealed record BandStackReport(
    string Path,
    string Driver,
    int Width,
    int Height,
    string? Crs,
    int? Epsg,
    double[]? PixelSize,
    string? Units,
    double[]? GeoTransform,
    IReadOnlyList<BandReport> Bands)
{
    public static BandStackReport Describe(BandStack stack)
    {
        var t = stack.GeoTransform;
        return new BandStackReport(
            stack.Path, stack.Dataset.DriverName, stack.Width, stack.Height,
            Raster.Crs.Describe(stack.Crs), Raster.Crs.EpsgCode(stack.Crs),
            t is { } g ? [g.PixelWidth, -g.PixelHeight] : null,
            Raster.Crs.LinearUnit(stack.Crs) ?? (t is null ? null : "unknown (no CRS)"),
            t is { } h ? [h.OriginX, h.PixelWidth, h.RowRotation, h.OriginY, h.ColumnRotation, h.PixelHeight] : null,
            stack.Bands.Select(b => BandReport.Describe(stack, b)).ToList());
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + Environment.NewLine;

    public string ToText()
    {
        var s = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        s.AppendLine(inv, $"input:      {Path}");
        s.AppendLine(inv, $"format:     {Driver}");
        s.AppendLine(inv, $"size:       {Width} x {Height} pixels, {Bands.Count} bands");
        s.AppendLine(inv, $"crs:        {Crs ?? "none (pixel coordinates only)"}");
        s.AppendLine(PixelSize is { } p ? string.Format(inv, "pixel size: {0:0.###} x {1:0.###} {2}", p[0], p[1], Units) : "pixel size: unknown (no geotransform)");
        s.AppendLine("bands:");
        s.AppendLine("  #   name      wavelength  bandwidth  type     reflectance from               min       max");
        foreach (var b in Bands)
        {
            s.AppendLine(string.Format(inv, "  {0,-3} {1,-9} {2,7:0.000} um {3,7:0.000} um  {4,-8} {5,-30} {6,8} {7,9}",
                b.Index, b.Name, b.WavelengthUm, b.FwhmUm, b.DataType, b.Encoding,
                b.Min?.ToString("0.0000", inv) ?? "-", b.Max?.ToString("0.0000", inv) ?? "-"));
        }
        return s.ToString();
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}

/// <summary>One band of a <see cref="BandStackReport"/>; min and max are reflectance, nodata excluded.</summary>
internal sealed record BandReport(
    int Index, string Name, double WavelengthUm, double FwhmUm, string DataType,
    double Scale, double Offset, string Encoding, double? NoData, string IdentifiedBy, double? Min, double? Max)
{
    public static BandReport Describe(BandStack stack, StackBand band)
    {
        var range = stack.Dataset.Band(band.SourceIndex).ComputeMinMax();
        double Reflectance(double v) => v * band.Encoding.Scale + band.Encoding.Offset;
        return new BandReport(band.SourceIndex, band.Name, band.Spectral.CentralWavelengthUm, band.Spectral.FwhmUm,
            band.DataType.ToString(), band.Encoding.Scale, band.Encoding.Offset, band.Encoding.Source, band.NoData, band.IdentifiedBy,
            range is { } r ? Reflectance(r.Min) : null, range is { } q ? Reflectance(q.Max) : null);
    }
}
