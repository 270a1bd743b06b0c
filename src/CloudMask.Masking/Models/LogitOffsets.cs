using System.Globalization;

namespace CloudMask.Masking.Models;

/// <summary>
/// Numbers added to a network's four logits (clear, shadow, thin cloud, cloud) before the
/// softmax: a calibration fitted after training (`cloudmask calibrate`) that moves where the
/// network draws each class's line, e.g. how faint a cloud must be to be called clear, without
/// changing a weight (logit adjustment; Menon et al. 2021). Stored in the weights file's metadata.
/// </summary>
public sealed record LogitOffsets
{
    /// <summary>Metadata key of the weights file.</summary>
    public const string MetadataKey = "class_logit_offsets";

    public static LogitOffsets None { get; } = new([0f, 0f, 0f, 0f]);

    public LogitOffsets(IReadOnlyList<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != 4) throw new ArgumentException($"4 offsets are needed (clear, shadow, thin cloud, cloud), not {values.Count}", nameof(values));
        if (values.Any(v => !float.IsFinite(v))) throw new ArgumentException("offsets must be finite numbers", nameof(values));
        Values = values.ToArray();
    }

    /// <summary>Clear, shadow, thin cloud, cloud.</summary>
    public IReadOnlyList<float> Values { get; }

    public bool IsNone => Values.All(v => v == 0);

    /// <summary>"0,0,0.6,0" (invariant culture), as stored in the metadata.</summary>
    public override string ToString() => string.Join(',', Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>Parses <see cref="ToString"/>'s form; a <see cref="FormatException"/> names the problem.</summary>
    public static LogitOffsets Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new float[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !float.IsFinite(values[i]))
                throw new FormatException($"{MetadataKey} '{text}': '{parts[i]}' is not a number");
        if (values.Length != 4) throw new FormatException($"{MetadataKey} '{text}': 4 offsets are needed, not {values.Length}");
        return new LogitOffsets(values);
    }

    /// <summary>The offsets in a weights file's metadata, or <see cref="None"/> when it has none.</summary>
    public static LogitOffsets FromMetadata(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue(MetadataKey, out var text) ? Parse(text) : None;

    public bool Equals(LogitOffsets? other) => other is not null && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Values[0], Values[1], Values[2], Values[3]);
}
