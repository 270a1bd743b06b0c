using CloudMask.Masking.Data;
using CloudMask.Masking.Evaluation;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using CloudMask.Masking.Training;

namespace CloudMask.Masking.Analysis;

/// <summary>The knobs of the active-learning demonstration; defaults keep one repeat to a few CPU minutes.</summary>
public sealed record ActiveLearningOptions
{
    /// <summary>Folder for the training runs (one sub-folder per repeat, strategy and round).</summary>
    public required string WorkFolder { get; init; }
    /// <summary>Labelled chips drawn at random from the pool to train the starting model.</summary>
    public int InitialChips { get; init; } = 12;
    /// <summary>Chips added per round (the labelling budget N).</summary>
    public int Budget { get; init; } = 8;
    public int Rounds { get; init; } = 3;
    public int InitialSteps { get; init; } = 300;
    /// <summary>Fine-tuning steps after each round, the same for every strategy (same training budget).</summary>
    public int StepsPerRound { get; init; } = 150;
    public int BatchSize { get; init; } = 4;
    public int CropSize { get; init; } = 64;
    public float LearningRate { get; init; } = 1e-3f;
    /// <summary>Learning rate of the fine-tuning after each round: lower, because Adam restarts each round and
    /// full-rate restarts swung test dice by +-0.2 between rounds in a first trial.</summary>
    public float FineTuneLearningRate { get; init; } = 3e-4f;
    /// <summary>Weight of diversity in <see cref="DiverseSelection"/> (0: plain top-N by uncertainty).</summary>
    public double Diversity { get; init; } = 1.0;
    /// <summary>Network size: a smaller cloudmask-any than the default keeps the experiment cheap.</summary>
    public CloudMaskAnyOptions Network { get; init; } = new() { BandFeatures = 8, DescriptorHidden = 32, Filters = [8, 16, 32, 48, 64] };
    public int Seed { get; init; } = 1;
}

/// <summary>One point of a learning curve: a strategy's model after a round, scored on the test chips.</summary>
public sealed record CurvePoint(int Repeat, string Strategy, int Round, int LabelledChips, double MeanDice, double OverallAccuracy, double SummedDice);

/// <summary>Progress of the experiment: what it is doing and the share done.</summary>
public sealed record ActiveLearningProgress(string Stage, double Fraction);

/// <summary>
/// Does active learning beat random labelling? Trains a starting model on a few random chips of
/// a pool, then runs two strategies from the same start for several rounds: "uncertainty" adds the
/// N pool chips the current model is least sure about (mean predictive entropy, kept diverse by
/// <see cref="DiverseSelection"/> on predicted class mix), "random" adds N chips at random. After each
/// round both fine-tune the current model for the same number of steps on everything labelled
/// so far, and are scored on held-out test chips. The pool's labels stand in for a labeller.
/// </summary>
public sealed class ActiveLearningExperiment(ISampleSource pool, IReadOnlyList<LabelledSample> validation, IReadOnlyList<LabelledSample> test,
    ActiveLearningOptions options)
{
    public static readonly string[] Strategies = ["uncertainty", "random"];

    public IReadOnlyList<CurvePoint> Run(int repeat, IProgress<ActiveLearningProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (options.InitialChips + options.Budget * options.Rounds > pool.Count)
            throw new ArgumentException($"the pool holds {pool.Count} chips; {options.InitialChips} initial + {options.Rounds} rounds x {options.Budget} are needed");
        var seed = options.Seed * 1000 + repeat;
        var folder = Path.Combine(options.WorkFolder, $"repeat{repeat}");
        var totalSteps = (double)options.InitialSteps + Strategies.Length * options.Rounds * options.StepsPerRound;
        var stepsDone = 0.0;
        void Report(string stage) => progress?.Report(new ActiveLearningProgress(stage, stepsDone / totalSteps));

        var order = Enumerable.Range(0, pool.Count).ToArray();
        new Random(seed).Shuffle(order);
        var initial = order.Take(options.InitialChips).ToList();
        Report($"repeat {repeat}: training the starting model on {initial.Count} chips");
        var start = Train(null, initial, options.InitialSteps, Path.Combine(folder, "initial"), seed, cancellation);
        stepsDone += options.InitialSteps;
        var points = new List<CurvePoint>();
        var startScore = Score(start);
        foreach (var strategy in Strategies) points.Add(Point(repeat, strategy, 0, initial.Count, startScore));

        foreach (var strategy in Strategies)
        {
            var labelled = new List<int>(initial);
            var current = start;
            var random = new Random(seed + 17);
            for (var round = 1; round <= options.Rounds; round++)
            {
                cancellation.ThrowIfCancellationRequested();
                Report($"repeat {repeat}, {strategy}, round {round}: choosing {options.Budget} chips");
                var unlabelled = Enumerable.Range(0, pool.Count).Except(labelled).ToList();
                var picked = strategy == "random" ? PickRandom(unlabelled, random) : PickUncertain(current, unlabelled, cancellation);
                labelled.AddRange(picked);
                Report($"repeat {repeat}, {strategy}, round {round}: fine-tuning on {labelled.Count} chips");
                current = Train(current, labelled, options.StepsPerRound, Path.Combine(folder, $"{strategy}-round{round}"), seed + round, cancellation);
                stepsDone += options.StepsPerRound;
                points.Add(Point(repeat, strategy, round, labelled.Count, Score(current)));
            }
        }
        Report($"repeat {repeat} done");
        return points;
    }

    private static CurvePoint Point(int repeat, string strategy, int round, int labelled, ConfusionMatrix m) =>
        new(repeat, strategy, round, labelled, m.MeanDice, m.OverallAccuracy, ClassDice.Of(m).Sum);

    private List<int> PickRandom(List<int> unlabelled, Random random)
    {
        var copy = unlabelled.ToArray();
        random.Shuffle(copy);
        return copy.Take(options.Budget).ToList();
    }

    /// <summary>The N pool chips with the highest mean predictive entropy under the current model, kept diverse.</summary>
    private List<int> PickUncertain(string weights, List<int> unlabelled, CancellationToken cancellation)
    {
        using var model = (CloudMaskAnyModel)NetworkFile.Load(weights);
        var scorer = new SubTileScorer(model, tileSize: int.MaxValue / 4);
        var candidates = new List<Candidate>();
        foreach (var index in unlabelled)
        {
            var sample = pool.Load(index);
            var prediction = new TiledPredictor(model).Predict(new SampleSpectralSource(sample), PredictionOutputs.Uncertainty, cancellation: cancellation);
            var tile = scorer.ScoreTiles(sample.Name, sample.Width, sample.Height, prediction.Mask, prediction.Uncertainty!, null);
            // A chip that is mostly nodata scores 0: nothing to learn from it.
            candidates.Add(tile.Count == 0
                ? new Candidate(0, sample.Name, 0, 0, sample.Width, [0, 0, 0, 0])
                : new Candidate(tile[0].Score, sample.Name, 0, 0, sample.Width, tile[0].ClassFractions));
        }
        return DiverseSelection.Select(candidates, options.Budget, options.Diversity).Select(i => unlabelled[i]).ToList();
    }

    /// <summary>Trains (from <paramref name="init"/> weights, or fresh) and returns the path of the final weights.</summary>
    private string Train(string? init, IReadOnlyList<int> indices, int steps, string folder, int seed, CancellationToken cancellation)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        using var inner = init is null
            ? NetworkFactory.Create(CloudMaskAnyOptions.ArchitectureName, anyOptions: options.Network with { Seed = seed })
            : NetworkFactory.FromFile(init);
        // Every chip's reflective bands in every batch: random band subsets (cloudmask-any's usual training)
        // add variance this small experiment cannot average away, and the test chips have all bands.
        var names = pool.Load(indices[0]).Bands.Where(BandDescriptor.IsReflective).Select(b => b.Name).ToList();
        using var network = new FixedBandsTrainable(inner, new NamedBandSelector(names));
        // One epoch of all the steps: no early stopping or plateau decisions, every run gets the same budget.
        var trainingOptions = new TrainingOptions
        {
            OutputFolder = folder, Epochs = 1, StepsPerEpoch = steps, BatchSize = options.BatchSize, CropSize = options.CropSize,
            LearningRate = init is null ? options.LearningRate : options.FineTuneLearningRate, Seed = seed,
        };
        var sampler = new BatchSampler([new WeightedSource(pool, 1, indices)], network.BandSelector, options.BatchSize, options.CropSize, trainingOptions.Augmentation);
        var batches = BatchSampler.ValidationBatches(validation, network.BandSelector, options.CropSize);
        try
        {
            new Trainer(network, trainingOptions).Run(sampler, batches, new Dictionary<string, string> { [NetworkFile.ModelIdKey] = $"al-{Path.GetFileName(folder)}" },
                cancellation: cancellation);
        }
        finally
        {
            foreach (var b in batches) b.Dispose();
        }
        return Path.Combine(folder, Trainer.LastFileName);
    }

    private ConfusionMatrix Score(string weights)
    {
        using var model = (CloudMaskAnyModel)NetworkFile.Load(weights);
        var matrix = new ConfusionMatrix();
        foreach (var sample in test)
            matrix.Add(sample.Labels, new TiledPredictor(model).Predict(new SampleSpectralSource(sample)).Mask);
        return matrix;
    }
}

/// <summary>A trainable network fed a fixed band list instead of its own band selection.</summary>
internal sealed class FixedBandsTrainable(ITrainableNetwork inner, IBandSelector selector) : ITrainableNetwork
{
    public string Architecture => inner.Architecture;
    public Nn.Modules.Module Module => inner.Module;
    public int SizeMultiple => inner.SizeMultiple;
    public IBandSelector BandSelector => selector;
    public Nn.Tensors.Tensor Forward(Nn.Tensors.Tensor input, IReadOnlyList<Raster.Spectral.SpectralBand> bands) => inner.Forward(input, bands);
    public void Backward(Nn.Tensors.Tensor gradLogits) => inner.Backward(gradLogits);
    public void Save(string path, IReadOnlyDictionary<string, string> extraMetadata) => inner.Save(path, extraMetadata);
    public void Dispose() { /* the caller disposes the inner network */ }
}
