using System.CommandLine;

namespace CloudMask.Cli.Commands;

/// <summary>--band-names, shared by the commands that read band stacks: names for bands the file leaves unnamed.</summary>
internal static class BandNamesOption
{
    public static Option<string> Create() => new("--band-names")
    {
        Description = "Names of a GeoTIFF's bands in file order, for files whose bands are unnamed or named otherwise: "
            + "Sentinel-2 (B04,B03,B02,B08), Landsat (OLI_B4,...) or STAC common names (red,green,blue,nir). "
            + "Every input must then have exactly these bands.",
    };

    /// <summary>The comma-separated names, or null when the option was not given.</summary>
    public static string[]? Parse(string? text)
    {
        if (text is null) return null;
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0) throw new ArgumentException($"--band-names '{text}': give the band names, comma-separated (red,green,blue,nir)");
        return names;
    }
}
