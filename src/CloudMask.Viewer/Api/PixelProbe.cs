using System.Globalization;
using CloudMask.Masking.Classes;
using CloudMask.Raster;
using CloudMask.Viewer.Catalog;

namespace CloudMask.Viewer.Api;

/// <summary>The answer of GET api/pixel: what one mask says at one pixel.</summary>
public sealed record PixelInfo(int X, int Y, int Code, string? Class, IReadOnlyDictionary<string, double>? Probabilities, double? Uncertainty, string? Label);

/// <summary>
/// Reads one pixel of a mask and of the files beside it (probabilities, uncertainty, label) with
/// GDAL, so the page shows exact values, not colours read back from the screen.
/// </summary>
internal static class PixelProbe
{
    public static PixelInfo Read(CatalogEntry entry, int x, int y)
    {
        var window = new Window(x, y, 1, 1);
        var code = ReadByte(entry.MaskPath, 1, window);
        var cls = entry.Scheme.Map(code);
        return new PixelInfo(x, y, code, ClassName(cls),
            entry.ProbabilitiesPath is { } p ? ReadProbabilities(p, window) : null,
            entry.UncertaintyPath is { } u ? Math.Round(ReadByte(u, 1, window) / 255.0, 3) : null,
            entry.LabelPath is { } l ? ClassName((MaskClass)ReadByte(l, 1, window)) : null);
    }

    private static string? ClassName(MaskClass c) => c == MaskClass.Missing ? null : MaskClasses.Name(c);

    private static byte ReadByte(string path, int band, Window window)
    {
        using var raster = RasterDataset.Open(path);
        return raster.Band(band).Read<byte>(window)[0];
    }

    /// <summary>Each band of STEM.prob.tif is one class (its CLASS_CODE), probability x 255.</summary>
    private static Dictionary<string, double> ReadProbabilities(string path, Window window)
    {
        using var raster = RasterDataset.Open(path);
        var result = new Dictionary<string, double>();
        foreach (var band in raster.Bands)
        {
            if (!byte.TryParse(band.MetadataItem("CLASS_CODE"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code)) continue;
            result[MaskClasses.Name((MaskClass)code)] = Math.Round(band.Read<byte>(window)[0] / 255.0, 3);
        }
        return result;
    }
}
