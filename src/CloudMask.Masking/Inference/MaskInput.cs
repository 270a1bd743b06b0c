using CloudMask.Masking.Inputs;
using CloudMask.Masking.Output;

namespace CloudMask.Masking.Inference;

/// <summary>
/// One thing to mask: the name it is reported under, the stem its outputs are named after, and how
/// to open it. A path is the common case (<see cref="PathInput"/>); other libraries add their own
/// kinds (a STAC Item whose bands are URLs) without MaskJob knowing them.
/// </summary>
public interface IMaskInput
{
    /// <summary>What the user named: a path or a URL; outcomes and errors carry it.</summary>
    string Name { get; }

    /// <summary>The outputs' file-name stem: STEM.mask.tif, STEM.mask.json, ...; never holds a path separator.</summary>
    string Stem { get; }

    /// <summary>Opens the input at <paramref name="resolutionM"/> (null: its own pixel size), bands named by <paramref name="bandNames"/> if given.</summary>
    SceneInputs.OpenedInput Open(int? resolutionM, IReadOnlyList<string>? bandNames);
}

/// <summary>A Sentinel-2 product or a band stack on a path GDAL can open.</summary>
public sealed record PathInput(string Path) : IMaskInput
{
    public string Name => Path;
    public string Stem => OutputNames.Stem(Path);
    public SceneInputs.OpenedInput Open(int? resolutionM, IReadOnlyList<string>? bandNames) => SceneInputs.Open(Path, resolutionM, bandNames);
}

/// <summary>
/// An extra file written beside each mask from what the mask job learnt (a STAC Item, ...). Sidecars
/// are written after the rasters and before STEM.mask.json, which stays the last file of a finished
/// input; like every output they are written under a temporary name and renamed, and removed when
/// the input fails.
/// </summary>
public interface IMaskSidecar
{
    /// <summary>The sidecar's file name for an input's stem, e.g. "STEM.item.json".</summary>
    string FileName(string stem);

    void Write(string path, MaskSidecarContext context, bool overwrite);
}

/// <summary>What a sidecar may describe: the input, the summary, and the other files written for it (full paths).</summary>
public sealed record MaskSidecarContext(IMaskInput Input, MaskSummary Summary, string MaskPath, string SummaryPath,
    IReadOnlyList<string> Files, string? PreviewPath, string? ProbabilityPath, string? UncertaintyPath);
