using System.Collections.Concurrent;
using System.IO.Enumeration;
using CloudMask.Masking.Classes;
using CloudMask.Masking.Evaluation;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Data;

/// <summary>
/// Labelled chips of a folder in the chip format (NAME.tif reflectance with band descriptions
/// and wavelengths, NAME.label.tif codes), optionally filtered by name patterns, e.g. to hold
/// whole biomes out of training ("biome_Urban_*"). Chips are read once and kept in memory.
/// </summary>
public sealed class ChipFolderSource : ISampleSource
{
    private readonly IReadOnlyList<ChipPair> chips;
    private readonly ConcurrentDictionary<int, LabelledSample> cache = new();

    /// <param name="folder">The chip folder.</param>
    /// <param name="include">Name patterns (* and ?) a chip must match one of; empty: all.</param>
    /// <param name="exclude">Name patterns that drop a chip.</param>
    /// <param name="labelClasses">What the folder's labels tell apart (a cloud/clear mask trains only that distinction).</param>
    public ChipFolderSource(string folder, IReadOnlyList<string>? include = null, IReadOnlyList<string>? exclude = null,
        LabelClassSet labelClasses = LabelClassSet.Four)
    {
        LabelClasses = labelClasses;
        include ??= [];
        exclude ??= [];
        chips = ChipPairs.Images(folder)
            .Where(c => include.Count == 0 || include.Any(p => Matches(p, c.Name)))
            .Where(c => !exclude.Any(p => Matches(p, c.Name)))
            .ToList();
        if (chips.Count == 0) throw new ArgumentException($"{folder}: no labelled chips (NAME.tif + NAME.label.tif) match the filters");
        Folder = folder;
    }

    public string Folder { get; }

    public LabelClassSet LabelClasses { get; }

    public IReadOnlyList<string> Names => chips.Select(c => c.Name).ToList();

    public string Description => $"{chips.Count} labelled chips of {Folder}" + (LabelClasses == LabelClassSet.Four ? "" : $" ({LabelClassSets.Merging(LabelClasses)})");

    public int Count => chips.Count;

    public LabelledSample Load(int index) => cache.GetOrAdd(index, i =>
    {
        var sample = Read(chips[i]) with { LabelClasses = LabelClasses };
        if (LabelClasses == LabelClassSet.ShadowOnly) IgnoreNearPaintedEdges(sample.Labels, sample.Width, sample.Height, ShadowEdgeMargin);
        return sample;
    });

    /// <summary>Unlabelled pixels this close to a painted shadow are not taken as "not shadow": a painter's edge is not exact.</summary>
    public const int ShadowEdgeMargin = 3;

    /// <summary>Code 5 within <paramref name="margin"/> pixels of a shadow (2) becomes 0 (ignored).</summary>
    internal static void IgnoreNearPaintedEdges(byte[] labels, int width, int height, int margin)
    {
        var near = new bool[labels.Length];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                if (labels[y * width + x] != (byte)MaskClass.CloudShadow) continue;
                for (var v = Math.Max(0, y - margin); v <= Math.Min(height - 1, y + margin); v++)
                    for (var u = Math.Max(0, x - margin); u <= Math.Min(width - 1, x + margin); u++)
                        near[v * width + u] = true;
            }
        for (var i = 0; i < labels.Length; i++)
            if (near[i] && labels[i] == (byte)MaskClass.Undefined) labels[i] = (byte)MaskClass.Missing;
    }

    private static LabelledSample Read(ChipPair chip)
    {
        using var stack = BandStack.Open(chip.OtherPath);
        var planes = Enumerable.Range(0, stack.SpectralBands.Count).Select(b => stack.ReadReflectance(b)).ToArray();
        var labels = Evaluator.ReadCodes(chip.LabelPath, ExternalMaskScheme.CloudMask, stack.Width, stack.Height);
        return new LabelledSample(chip.Name, stack.SpectralBands.ToArray(), stack.Width, stack.Height, planes, labels).Validated();
    }

    private static bool Matches(string pattern, string name) => FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: true);
}
