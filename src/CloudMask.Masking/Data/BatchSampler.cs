using CloudMask.Nn.Tensors;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Data;

/// <summary>A sample source with its share of training batches.</summary>
public sealed record WeightedSource(ISampleSource Source, double Weight, IReadOnlyList<int> Indices);

/// <summary>
/// Draws training batches: a source by weight, samples from it, one band selection for the
/// whole batch (a batch tensor has one band list), a random crop and augmentation per sample.
/// Samples that lack the batch's bands (a simulated source mixes sensors) are redrawn.
/// </summary>
public sealed class BatchSampler
{
    private readonly IReadOnlyList<WeightedSource> sources;
    private readonly IBandSelector selector;
    private readonly double totalWeight;

    public BatchSampler(IReadOnlyList<WeightedSource> sources, IBandSelector selector, int batchSize, int cropSize, Augmentation augmentation)
    {
        if (sources.Count == 0 || sources.Any(s => s.Indices.Count == 0 || s.Weight <= 0))
            throw new ArgumentException("every training source needs a positive weight and at least one sample", nameof(sources));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cropSize, 8);
        this.sources = sources;
        this.selector = selector;
        BatchSize = batchSize;
        CropSize = cropSize;
        Augmentation = augmentation;
        totalWeight = sources.Sum(s => s.Weight);
    }

    public int BatchSize { get; }
    public int CropSize { get; }
    public Augmentation Augmentation { get; }

    public TrainingBatch Next(Random random)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var source = PickSource(random);
            var first = source.Source.Load(source.Indices[random.Next(source.Indices.Count)]);
            var indices = selector.ForTraining(first.Bands, random);
            if (indices is null) continue;
            var bands = indices.Select(i => first.Bands[i]).ToArray();
            var members = new List<(LabelledSample Sample, int[] Bands)> { (first, indices) };
            for (var tries = 0; members.Count < BatchSize && tries < 10 * BatchSize; tries++)
            {
                var other = source.Source.Load(source.Indices[random.Next(source.Indices.Count)]);
                if (Match(other.Bands, bands) is { } matched) members.Add((other, matched));
            }
            while (members.Count < BatchSize) members.Add(members[random.Next(members.Count)]);
            return Assemble(members, bands, CropSize, Augmentation, random, randomWindow: true);
        }
        throw new InvalidOperationException("no training sample has bands the network can use");
    }

    /// <summary>Deterministic validation batches (centre window, no augmentation), each sample weighing
    /// <paramref name="weight"/> in the validation loss. One batch per sample with the selector's band
    /// choices taken in turn, sample by sample; or, with <paramref name="everyTurn"/>, one batch per
    /// distinct band choice of every sample, sharing its weight: steadier when a source has only a few
    /// validation samples (3 real chips would otherwise each be seen with one band set only).</summary>
    public static IReadOnlyList<TrainingBatch> ValidationBatches(IEnumerable<LabelledSample> samples, IBandSelector selector, int size, double weight = 1,
        bool everyTurn = false)
    {
        var batches = new List<TrainingBatch>();
        var ordinal = 0;
        foreach (var sample in samples)
        {
            var turns = everyTurn ? Enumerable.Range(0, selector.ValidationTurns) : [ordinal++];
            var choices = new List<int[]>();
            foreach (var turn in turns)
                if (selector.ForValidation(sample.Bands, turn) is { } indices && !choices.Any(c => c.SequenceEqual(indices)))
                    choices.Add(indices);
            foreach (var indices in choices)
            {
                var batch = Assemble([(sample, indices)], indices.Select(i => sample.Bands[i]).ToArray(), size, Augmentation.None, new Random(0), randomWindow: false);
                batches.Add(new TrainingBatch(batch.Input, batch.Bands, batch.Targets) { Weight = weight / choices.Count });
            }
        }
        return batches;
    }

    private WeightedSource PickSource(Random random)
    {
        var draw = random.NextDouble() * totalWeight;
        foreach (var s in sources)
        {
            if (draw < s.Weight) return s;
            draw -= s.Weight;
        }
        return sources[^1];
    }

    /// <summary>Indices of <paramref name="wanted"/> in <paramref name="bands"/> by name; null when one is missing.</summary>
    private static int[]? Match(IReadOnlyList<SpectralBand> bands, IReadOnlyList<SpectralBand> wanted)
    {
        var result = new int[wanted.Count];
        for (var i = 0; i < wanted.Count; i++)
        {
            result[i] = -1;
            for (var b = 0; b < bands.Count; b++)
                if (bands[b].Name == wanted[i].Name) { result[i] = b; break; }
            if (result[i] < 0) return null;
        }
        return result;
    }

    private static TrainingBatch Assemble(IReadOnlyList<(LabelledSample Sample, int[] Bands)> members, SpectralBand[] bands, int size,
        Augmentation augmentation, Random random, bool randomWindow)
    {
        var input = new Tensor(members.Count, bands.Length, size, size);
        var targets = new int[members.Count * size * size];
        var per = bands.Length * size * size;
        for (var i = 0; i < members.Count; i++)
            augmentation.Apply(members[i].Sample, members[i].Bands, size, random, randomWindow,
                input.Span.Slice(i * per, per), targets.AsSpan(i * size * size, size * size));
        return new TrainingBatch(input, bands, targets);
    }
}
