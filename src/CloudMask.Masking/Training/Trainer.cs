using System.Diagnostics;
using System.Globalization;
using CloudMask.Masking.Classes;
using CloudMask.Masking.Data;
using CloudMask.Masking.Evaluation;
using CloudMask.Masking.Models;
using CloudMask.Nn.Modules;
using CloudMask.Nn.Optim;
using CloudMask.Nn.Tensors;

namespace CloudMask.Masking.Training;

/// <summary>
/// The training loop: Adam on batches from a <see cref="BatchSampler"/>, validation after every
/// epoch, ReduceLROnPlateau on the validation loss, early stopping, checkpoints
/// (last.safetensors every epoch, best.safetensors on improvement) carrying the epoch and
/// learning rate in their metadata so that a run can resume, and a CSV log. With
/// <see cref="TrainingOptions.AverageFromEpoch"/> it also keeps the mean of the weights at the
/// end of every epoch from then on (average.safetensors, validated once at the end); with
/// <see cref="TrainingOptions.ValidateStart"/> the starting weights are epoch 0 and stay best
/// until an epoch beats them.
/// Resuming restores weights, epoch, learning rate and best loss; Adam's moments restart
/// (the engine's optimiser does not expose them), which costs a few noisy steps.
/// </summary>
public sealed class Trainer(ITrainableNetwork network, TrainingOptions options)
{
    public const string BestFileName = "best.safetensors", LastFileName = "last.safetensors", AverageFileName = "average.safetensors",
        LogFileName = "training-log.csv", CurveFileName = "loss-curve.png";

    /// <param name="record">Metadata written into the weights: data, command, seed (the training record).</param>
    public TrainingResult Run(BatchSampler sampler, IReadOnlyList<TrainingBatch> validation, IReadOnlyDictionary<string, string> record,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        if (validation.Count == 0) throw new ArgumentException("validation needs at least one batch", nameof(validation));
        Directory.CreateDirectory(options.OutputFolder);
        string best = Path.Combine(options.OutputFolder, BestFileName), last = Path.Combine(options.OutputFolder, LastFileName);
        var state = options.Resume && File.Exists(last) ? ResumeFrom(last) : new RunState(0, options.LearningRate, double.PositiveInfinity, 0, 0);
        var optimizer = new Adam(network.Module.Parameters(), new AdamOptions { LearningRate = state.LearningRate });
        var plateau = new ReduceLROnPlateau(optimizer, options.PlateauFactor, options.PlateauPatience);
        var loss = new SegmentationLoss(options.Loss, options.ClassWeights);
        // Seeded per epoch, so a resumed run draws what the uninterrupted run would have.
        using var log = new TrainingLog(Path.Combine(options.OutputFolder, LogFileName), append: options.Resume);
        var clock = Stopwatch.StartNew();
        if (!options.Resume || state.Epoch == 0) AverageBatchNormStatistics(sampler, cancellation);
        foreach (var norm in BatchNorms()) norm.FrozenStatistics = options.FreezeBatchNorm;
        var stepClock = new Stopwatch();
        long steps = 0;
        var stopReason = "epochs done";
        var epoch = state.Epoch;
        var bestEpoch = state.BestEpoch;
        var bestScore = state.BestScore;
        var sinceBest = state.EpochsSinceBest;
        string averagePath = Path.Combine(options.OutputFolder, AverageFileName);
        if (options.ValidateStart && state.Epoch == 0)
        {
            var start = Validate(validation, loss);
            bestScore = Score(start);
            plateau.Step(bestScore); // the plateau counts from the start too
            network.Save(best, Metadata(record, 0, optimizer.LearningRate, bestScore, 0, 0, start));
            progress?.Report(new TrainingProgress(0, options.Epochs, 0, options.StepsPerEpoch, double.NaN, optimizer.LearningRate, clock.Elapsed, start));
        }
        using var average = options.AverageFromEpoch > 0 ? new WeightAverage(network.Module) : null;
        if (average is not null && options.Resume && state.Epoch >= options.AverageFromEpoch) RestoreAverage(average, averagePath);
        while (epoch < options.Epochs)
        {
            epoch++;
            // Not HashCode.Combine: .NET randomises it per process, which would break repeat runs and --resume.
            var random = new Random(unchecked(options.Seed * 1_000_003 + epoch));
            network.Module.Train();
            double lossSum = 0;
            for (var step = 1; step <= options.StepsPerEpoch; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                stepClock.Start();
                using (var batch = sampler.Next(random))
                {
                    using var logits = network.Forward(batch.Input, batch.Bands);
                    var result = loss.Compute(logits, batch.Targets);
                    network.Backward(result.Gradient);
                    result.Gradient.Dispose();
                    optimizer.Step();
                    optimizer.ZeroGrad();
                    lossSum += result.Value;
                }
                stepClock.Stop();
                steps++;
                progress?.Report(new TrainingProgress(epoch, options.Epochs, step, options.StepsPerEpoch, lossSum / step, optimizer.LearningRate, clock.Elapsed));
            }
            if (average is not null && epoch >= options.AverageFromEpoch)
            {
                average.Add();
                // Saved every epoch (without validation, which costs) so that --resume can continue it.
                average.Apply(() => { network.Save(averagePath, AverageMetadata(record, epoch, average.Count, null)); return 0; });
            }
            var metrics = Validate(validation, loss);
            log.Write(epoch, lossSum / options.StepsPerEpoch, metrics, optimizer.LearningRate, clock.Elapsed);
            LossCurvePlot.Save(Path.Combine(options.OutputFolder, CurveFileName), log.Losses);
            string? happened = null;
            var score = Score(metrics);
            if (score < bestScore)
            {
                bestScore = score;
                bestEpoch = epoch;
                sinceBest = 0;
                network.Save(best, Metadata(record, epoch, optimizer.LearningRate, bestScore, bestEpoch, 0, metrics));
                happened = "new best";
            }
            else sinceBest++;
            if (plateau.Step(score)) happened = $"learning rate reduced to {optimizer.LearningRate:g3}";
            network.Save(last, Metadata(record, epoch, optimizer.LearningRate, bestScore, bestEpoch, sinceBest, metrics));
            progress?.Report(new TrainingProgress(epoch, options.Epochs, options.StepsPerEpoch, options.StepsPerEpoch,
                lossSum / options.StepsPerEpoch, optimizer.LearningRate, clock.Elapsed, metrics, happened));
            if (sinceBest >= options.EarlyStoppingPatience) { stopReason = $"early stopping: no better validation {(options.SelectBy == CheckpointMetric.Loss ? "loss" : "chip dice")} for {sinceBest} epochs"; break; }
            if (options.TimeLimit is { } limit && clock.Elapsed >= limit) { stopReason = $"time limit {limit} reached"; break; }
        }
        ValidationMetrics? averageMetrics = null;
        if (average is { Count: > 0 })
            averageMetrics = average.Apply(() =>
            {
                var m = Validate(validation, loss);
                network.Save(averagePath, AverageMetadata(record, epoch, average.Count, m));
                return m;
            });
        return new TrainingResult(epoch, bestScore, bestEpoch, best, clock.Elapsed, steps == 0 ? 0 : stepClock.Elapsed.TotalSeconds / steps, stopReason)
        {
            Average = averageMetrics is null ? null : new AveragedWeights(averagePath, average!.Count, epoch - average.Count + 1, epoch, averageMetrics),
        };
    }

    private void RestoreAverage(WeightAverage average, string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: missing; the run to resume was averaging weights from epoch {options.AverageFromEpoch}");
        var (tensors, metadata) = NetworkFile.Read(path);
        try
        {
            if (!metadata.TryGetValue("averaged_epochs", out var n) || !int.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
                throw new InvalidDataException($"{path}: no averaged_epochs in its metadata");
            average.Restore(tensors, count);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    private static Dictionary<string, string> AverageMetadata(IReadOnlyDictionary<string, string> record, int epoch, int count, ValidationMetrics? metrics)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var metadata = new Dictionary<string, string>(record)
        {
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["averaged_epochs"] = count.ToString(CultureInfo.InvariantCulture),
            ["averaged_from_epoch"] = (epoch - count + 1).ToString(CultureInfo.InvariantCulture),
        };
        if (metrics is not null)
        {
            metadata["val_loss"] = F(metrics.Loss);
            metadata["val_mean_dice"] = F(metrics.MeanDice);
            metadata["val_chip_dice"] = F(metrics.ChipDice);
        }
        return metadata;
    }

    /// <summary>The selection score, lower is better: the loss, or 1 - chip dice.</summary>
    private double Score(ValidationMetrics metrics) => options.SelectBy == CheckpointMetric.Loss ? metrics.Loss : 1 - metrics.ChipDice;

    private IEnumerable<BatchNorm2d> BatchNorms() => network.Module.Modules().OfType<BatchNorm2d>();

    /// <summary>Forward passes only (no step): batch norm's running statistics become the average
    /// over <see cref="TrainingOptions.BatchNormAverageBatches"/> batches of the training mix.</summary>
    private void AverageBatchNormStatistics(BatchSampler sampler, CancellationToken cancellation)
    {
        if (options.BatchNormAverageBatches == 0) return;
        var norms = BatchNorms().ToList();
        if (norms.Count == 0) return;
        var random = new Random(unchecked(options.Seed * 1_000_003 - 1));
        network.Module.Train();
        foreach (var norm in norms) { norm.FrozenStatistics = false; norm.BeginStatisticsAverage(); }
        for (var i = 0; i < options.BatchNormAverageBatches; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var batch = sampler.Next(random);
            network.Forward(batch.Input, batch.Bands).Dispose();
        }
        foreach (var norm in norms) norm.EndStatisticsAverage();
    }

    /// <summary>Loss and pixel metrics of the network (eval mode) on the validation batches.</summary>
    public ValidationMetrics Validate(IReadOnlyList<TrainingBatch> validation, SegmentationLoss loss)
    {
        network.Module.Eval();
        var matrix = new ConfusionMatrix();
        double lossSum = 0, weightSum = 0, chipDiceSum = 0, chipWeightSum = 0;
        foreach (var batch in validation)
        {
            using var logits = network.Forward(batch.Input, batch.Bands);
            var result = loss.Compute(logits, batch.Targets);
            result.Gradient.Dispose();
            lossSum += batch.Weight * result.Value;
            weightSum += batch.Weight;
            var (labels, predictions) = Codes(logits, batch.Targets);
            matrix.Add(labels, predictions);
            var chip = new ConfusionMatrix();
            chip.Add(labels, predictions);
            if (ChipDice(chip) is { } dice) { chipDiceSum += batch.Weight * dice; chipWeightSum += batch.Weight; }
        }
        network.Module.Train();
        return new ValidationMetrics(lossSum / weightSum, matrix.OverallAccuracy, matrix.MeanDice,
            matrix.Metrics(MaskClass.Cloud).Dice, matrix.Metrics(MaskClass.CloudShadow).Dice,
            chipWeightSum > 0 ? chipDiceSum / chipWeightSum : double.NaN);
    }

    /// <summary>Mean dice over the classes a chip's label or prediction holds; null for a chip without valid pixels.</summary>
    private static double? ChipDice(ConfusionMatrix chip)
    {
        var scores = chip.Classes.Select(chip.Metrics)
            .Where(m => m.TruePositives + m.FalsePositives + m.FalseNegatives > 0).Select(m => m.Dice).ToList();
        return scores.Count == 0 ? null : scores.Average();
    }

    /// <summary>Label and argmax prediction codes (1..4; 0 where the target is ignored).</summary>
    private static (byte[] Labels, byte[] Predictions) Codes(Tensor logits, int[] targets)
    {
        int n = logits.Dim(0), c = logits.Dim(1), plane = logits.Dim(2) * logits.Dim(3);
        var labels = new byte[targets.Length];
        var predictions = new byte[targets.Length];
        var l = logits.ToPlain().Span;
        for (var b = 0; b < n; b++)
            for (var k = 0; k < plane; k++)
            {
                var i = b * plane + k;
                var t = targets[i];
                if (t < 0) continue;
                var arg = 0;
                for (var ch = 1; ch < c; ch++)
                    if (l[(b * c + ch) * plane + k] > l[(b * c + arg) * plane + k]) arg = ch;
                // A class-set label is met by any of its classes; when missed, it counts as cloud if it holds cloud, else as its first class.
                if (TrainingBatch.IsSet(t)) t = TrainingBatch.Allows(t, arg) ? arg : TrainingBatch.Allows(t, 3) ? 3 : System.Numerics.BitOperations.TrailingZeroCount(t - TrainingBatch.SetBase);
                labels[i] = (byte)(t + 1);
                predictions[i] = (byte)(arg + 1);
            }
        return (labels, predictions);
    }

    private RunState ResumeFrom(string last)
    {
        var (tensors, metadata) = NetworkFile.Read(last);
        try
        {
            if (metadata.GetValueOrDefault("architecture") != network.Architecture)
                throw new InvalidDataException($"{last}: holds '{metadata.GetValueOrDefault("architecture")}', not '{network.Architecture}'");
            NetworkFile.LoadState(last, network.Module, tensors);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
        double Number(string key, double fallback) =>
            metadata.TryGetValue(key, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : fallback;
        return new RunState((int)Number("epoch", 0), (float)Number("learning_rate", options.LearningRate),
            Number("best_score", Number("best_val_loss", double.PositiveInfinity)), (int)Number("best_epoch", 0), (int)Number("epochs_since_best", 0));
    }

    /// <summary>The checkpoint's metadata; best_score is the selection score of the best epoch, lower
    /// is better (the validation loss, or 1 - chip dice, as checkpoint_metric says).</summary>
    private Dictionary<string, string> Metadata(IReadOnlyDictionary<string, string> record, int epoch, float learningRate, double bestScore,
        int bestEpoch, int sinceBest, ValidationMetrics metrics)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var metadata = new Dictionary<string, string>(record)
        {
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["learning_rate"] = F(learningRate),
            ["checkpoint_metric"] = options.SelectBy == CheckpointMetric.Loss ? "val_loss" : "1 - val_chip_dice",
            ["best_score"] = F(bestScore),
            ["best_epoch"] = bestEpoch.ToString(CultureInfo.InvariantCulture),
            ["epochs_since_best"] = sinceBest.ToString(CultureInfo.InvariantCulture),
            ["val_loss"] = F(metrics.Loss),
            ["val_mean_dice"] = F(metrics.MeanDice),
            ["val_chip_dice"] = F(metrics.ChipDice),
        };
        return metadata;
    }

    private sealed record RunState(int Epoch, float LearningRate, double BestScore, int BestEpoch, int EpochsSinceBest);
}
