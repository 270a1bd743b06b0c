namespace CloudMask.Masking.Data;

/// <summary>A seeded train/validation split of one source's sample indices.</summary>
public sealed record DataSplit(ISampleSource Source, IReadOnlyList<int> Train, IReadOnlyList<int> Validation)
{
    /// <summary>Shuffles the indices with <paramref name="seed"/> and holds out a fraction (at least one
    /// sample when the source has two or more) for validation.</summary>
    public static DataSplit Of(ISampleSource source, double validationFraction, int seed)
    {
        if (validationFraction is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(validationFraction), "must be in [0, 1)");
        var indices = Enumerable.Range(0, source.Count).ToArray();
        new Random(seed).Shuffle(indices);
        var held = source.Count < 2 ? 0 : Math.Max(validationFraction > 0 ? 1 : 0, (int)Math.Round(source.Count * validationFraction));
        return new DataSplit(source, indices[held..].Order().ToArray(), indices[..held].Order().ToArray());
    }
}
