namespace CloudMask.Masking.Models;

/// <summary>
/// A network's logit offsets (<see cref="LogitOffsets"/>): one general set, and optionally sets
/// of their own for inputs of a given <see cref="BandCoverage"/>. Why per coverage: with R, G, B
/// alone a network draws the cloud line elsewhere than with SWIR (it calls bright ground and snow
/// cloudy), and a correction fitted on RGB input must not move what it does with all bands.
/// Stored in the weights file's metadata: the general set under <see cref="LogitOffsets.MetadataKey"/>,
/// the others under that key plus "." and the coverage's name (class_logit_offsets.visible).
/// </summary>
public sealed class LogitOffsetTable
{
    private readonly IReadOnlyDictionary<BandCoverage, LogitOffsets> byCoverage;

    public static LogitOffsetTable None { get; } = new(LogitOffsets.None);

    public LogitOffsetTable(LogitOffsets general, IReadOnlyDictionary<BandCoverage, LogitOffsets>? byCoverage = null)
    {
        General = general ?? throw new ArgumentNullException(nameof(general));
        this.byCoverage = byCoverage is null ? new Dictionary<BandCoverage, LogitOffsets>() : new Dictionary<BandCoverage, LogitOffsets>(byCoverage);
    }

    /// <summary>For inputs whose coverage has no offsets of its own.</summary>
    public LogitOffsets General { get; }

    /// <summary>The coverages that have offsets of their own.</summary>
    public IReadOnlyCollection<BandCoverage> Coverages => byCoverage.Keys.ToArray();

    public bool IsNone => General.IsNone && byCoverage.Values.All(o => o.IsNone);

    /// <summary>The offsets applied to an input of <paramref name="coverage"/>.</summary>
    public LogitOffsets For(BandCoverage coverage) => byCoverage.TryGetValue(coverage, out var own) ? own : General;

    /// <summary>True when <paramref name="coverage"/> has offsets of its own (not the general ones).</summary>
    public bool HasOwn(BandCoverage coverage) => byCoverage.ContainsKey(coverage);

    /// <summary>The metadata key of <paramref name="coverage"/>'s own offsets.</summary>
    public static string MetadataKey(BandCoverage coverage) => $"{LogitOffsets.MetadataKey}.{coverage.Name()}";

    /// <summary>The table in a weights file's metadata (<see cref="None"/> when it has no offsets);
    /// a malformed entry is a <see cref="FormatException"/> naming it.</summary>
    public static LogitOffsetTable FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var own = new Dictionary<BandCoverage, LogitOffsets>();
        foreach (var coverage in Enum.GetValues<BandCoverage>())
            if (metadata.TryGetValue(MetadataKey(coverage), out var text)) own[coverage] = LogitOffsets.Parse(text);
        return new LogitOffsetTable(LogitOffsets.FromMetadata(metadata), own);
    }
}
