namespace CloudMask.Viewer.Catalog;

/// <summary>What kind of mask a catalogue entry is.</summary>
public enum ResultKind
{
    /// <summary>A mask written by `predict` (or the job server): STEM.mask.tif with its siblings.</summary>
    Result,
    /// <summary>A mask made by other software, in its own codes (Sen2Cor SCL, Fmask, ...).</summary>
    External,
    /// <summary>A prediction for an evaluated chip (written by `evaluate` beside its report).</summary>
    Chip,
    /// <summary>An evaluated chip's label, to compare a prediction with.</summary>
    Label,
}

/// <summary>A CRS as the browser needs it: a code to name it by and its PROJ.4 definition.</summary>
public sealed record CrsInfo(string Code, string Proj4);

/// <summary>
/// One mask as the page sees it (GET api/results): what to list, where it sits, and the URLs of
/// the COGs the map reads with range requests. <see cref="Codes"/> pairs each code in the file with
/// the project's class it means, so every mask is drawn in the project's colours.
/// </summary>
public sealed record ViewerResult(
    string Id,
    ResultKind Kind,
    string Group,
    string Name,
    string Folder,
    string? Set,
    string? Date,
    double? CloudCover,
    string? Model,
    int Width,
    int Height,
    double[]? Transform,
    CrsInfo? Crs,
    double[][]? Footprint,
    string Mask,
    string Scheme,
    int[][] Codes,
    string? Rgb,
    string? Probabilities,
    string? Uncertainty,
    string? Label,
    IReadOnlyDictionary<string, double>? ClassPercent,
    bool CanLabel);

/// <summary>A class as the page draws it: code, machine name, words for the legend, RGBA colour.</summary>
public sealed record ViewerClass(int Code, string Name, string Label, int[] Colour);

/// <summary>The answer of GET api/results.</summary>
public sealed record CatalogResponse(string Title, string? Basemap, IReadOnlyList<ViewerClass> Classes, IReadOnlyList<ViewerResult> Results);
