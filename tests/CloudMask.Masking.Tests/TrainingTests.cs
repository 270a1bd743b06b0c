using CloudMask.Masking.Data;
using CloudMask.Masking.Models;
using CloudMask.Masking.Training;
using CloudMask.Raster.Spectral;
using CloudMask.TestSupport;

namespace CloudMask.Masking.Tests;

public class TrainingTests
{
    /// <summary>Tiny scenes whose classes a network can learn fast: dark shadow blobs, mid-grey thin
    /// and bright cloud over a mid-dark surface, in every band; a few pixels undefined (5) or missing (0).</summary>
    private sealed class BlobSource(int count, int size) : ISampleSource
    {
        private static readonly SpectralBand[] Bands = SensorBands.Landsat8Oli.ToArray();

        public string Description => $"{count} blob scenes";
        public int Count => count;

        public LabelledSample Load(int index)
        {
            var random = new Random(index);
            var labels = new byte[size * size];
            Array.Fill(labels, (byte)1);
            for (var blob = 0; blob < 3; blob++)
            {
                int cx = random.Next(size), cy = random.Next(size), r = 2 + random.Next(4);
                var code = (byte)(2 + blob);
                for (var y = 0; y < size; y++)
                    for (var x = 0; x < size; x++)
                        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) labels[y * size + x] = code;
            }
            labels[0] = 5;
            labels[1] = 0;
            var planes = Bands.Select(_ => labels.Select(l => l switch
            {
                2 => 0.02f, 3 => 0.35f, 4 => 0.8f, _ => 0.12f,
            } + 0.02f * (float)random.NextDouble()).ToArray()).ToArray();
            return new LabelledSample($"blob{index}", Bands, size, size, planes, labels).Validated();
        }
    }

    private static (Trainer Trainer, BatchSampler Sampler, IReadOnlyList<TrainingBatch> Validation, ITrainableNetwork Network) Setup(string folder, int epochs, bool resume = false,
        int batchNormAverage = 0, bool freezeBatchNorm = false, int averageFrom = 0, string? init = null, float learningRate = 1e-2f, bool validateStart = false)
    {
        var network = init is not null ? NetworkFactory.FromFile(init) : new CloudMaskAnyTrainable(new CloudMaskAnyNetwork(new CloudMaskAnyOptions
        {
            BandFeatures = 4, DescriptorHidden = 8, Filters = [8, 8], Seed = 1,
        }));
        var options = new TrainingOptions
        {
            OutputFolder = folder, Epochs = epochs, StepsPerEpoch = 15, BatchSize = 2, CropSize = 16, LearningRate = learningRate, Seed = 4, Resume = resume,
            BatchNormAverageBatches = batchNormAverage, FreezeBatchNorm = freezeBatchNorm, AverageFromEpoch = averageFrom, ValidateStart = validateStart,
        };
        var source = new BlobSource(12, 20);
        var split = DataSplit.Of(source, 0.25, 1);
        var sampler = new BatchSampler([new WeightedSource(source, 1, split.Train)], network.BandSelector, options.BatchSize, options.CropSize, options.Augmentation);
        var validation = BatchSampler.ValidationBatches(split.Validation.Select(source.Load), network.BandSelector, 16);
        return (new Trainer(network, options), sampler, validation, network);
    }

    [Fact]
    public void Validation_loss_weighs_batches_by_their_weight()
    {
        using var folder = new TempFolder("train");
        var (trainer, _, _, network) = Setup(folder.Path, epochs: 1);
        using var _n = network;
        var source = new BlobSource(3, 16);
        var loss = new SegmentationLoss(LossKind.CrossEntropyDice, [1, 1, 1, 1]);
        var a = BatchSampler.ValidationBatches([source.Load(0)], network.BandSelector, 16);
        var b = BatchSampler.ValidationBatches([source.Load(1), source.Load(2)], network.BandSelector, 16, weight: 0.5);
        var lossA = trainer.Validate(a, loss).Loss;
        var lossB = trainer.Validate(b, loss).Loss; // weights 0.5 + 0.5: the plain mean of the two
        var together = trainer.Validate([.. a, .. b], loss).Loss;
        // a counts as much as b's two batches together, not a third of the total.
        Assert.Equal((lossA + lossB) / 2, together, 1e-5);
        Assert.NotEqual((lossA + 2 * lossB) / 3, together, 3);
    }

    /// <summary>A stand-in network whose logits are the one-hot of the class index held in band 0,
    /// so a validation batch says exactly what is predicted.</summary>
    private sealed class EchoNetwork : ITrainableNetwork
    {
        public string Architecture => "echo";
        public CloudMask.Nn.Modules.Module Module { get; } = new CloudMask.Nn.Modules.ReLU();
        public int SizeMultiple => 1;
        public IBandSelector BandSelector { get; } = new RandomBandSubsets();
        public CloudMask.Nn.Tensors.Tensor Forward(CloudMask.Nn.Tensors.Tensor input, IReadOnlyList<SpectralBand> bands)
        {
            int n = input.Dim(0), plane = input.Dim(2) * input.Dim(3);
            var logits = new CloudMask.Nn.Tensors.Tensor(n, 4, input.Dim(2), input.Dim(3));
            for (var i = 0; i < n; i++)
                for (var k = 0; k < plane; k++)
                    logits.Span[(i * 4 + (int)input.Span[i * input.Dim(1) * plane + k]) * plane + k] = 10f;
            return logits;
        }
        public void Backward(CloudMask.Nn.Tensors.Tensor gradLogits) { }
        public void Save(string path, IReadOnlyDictionary<string, string> extraMetadata) { }
        public void Dispose() => Module.Dispose();
    }

    [Fact]
    public void Chip_dice_averages_each_chips_mean_dice_over_its_classes_by_batch_weight()
    {
        using var folder = new TempFolder("chipdice");
        using var network = new EchoNetwork();
        var trainer = new Trainer(network, new TrainingOptions { OutputFolder = folder.Path });
        TrainingBatch Chip(int[] predicted, int[] targets, double weight) => new(
            CloudMask.Nn.Tensors.Tensor.FromArray(predicted.Select(v => (float)v).ToArray(), 1, 1, 4, 4), [SensorBands.Landsat8Oli[0]], targets) { Weight = weight };
        // Chip A (weight 3): all clear (target 0), one pixel predicted cloud (3): clear 30/31, cloud 0.
        var clear = new int[16];
        var oneCloud = (int[])clear.Clone();
        oneCloud[5] = 3;
        // Chip B (weight 1): half shadow (1), half clear, predicted exactly; an ignored pixel predicted cloud counts nowhere.
        var half = Enumerable.Range(0, 16).Select(i => i < 8 ? 1 : 0).ToArray();
        var halfTargets = (int[])half.Clone();
        halfTargets[15] = TrainingBatch.Ignore;
        var halfPredicted = (int[])half.Clone();
        halfPredicted[15] = 3;
        using var a = Chip(oneCloud, clear, 3);
        using var b = Chip(halfPredicted, halfTargets, 1);
        var metrics = trainer.Validate([a, b], new SegmentationLoss(LossKind.CrossEntropyDice, [1, 1, 1, 1]));
        Assert.Equal((3 * (30.0 / 31 + 0) / 2 + 1 * 1.0) / 4, metrics.ChipDice, 1e-9);
    }

    [Fact]
    public void A_tiny_run_drives_the_validation_loss_down_and_writes_checkpoints_and_log()
    {
        using var folder = new TempFolder("train");
        var (trainer, sampler, validation, network) = Setup(folder.Path, epochs: 4);
        using var _ = network;
        var before = trainer.Validate(validation, new SegmentationLoss(LossKind.CrossEntropyDice, [1, 3, 2, 1]));
        var seen = new List<TrainingProgress>();
        var result = trainer.Run(sampler, validation, new Dictionary<string, string> { ["training_seed"] = "4" }, new Inline(seen.Add));

        Assert.True(result.BestValidationLoss < 0.6 * before.Loss, $"validation loss {before.Loss:F3} -> {result.BestValidationLoss:F3}");
        Assert.Equal(4, seen.Count(p => p.Validation is not null));
        var lines = File.ReadAllLines(folder.File(Trainer.LogFileName));
        Assert.Equal(TrainingLog.Header, lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.True(new FileInfo(folder.File(Trainer.CurveFileName)).Length > 0);
        var metadata = NetworkFile.ReadMetadata(folder.File(Trainer.BestFileName));
        Assert.Equal("cloudmask-any", metadata["architecture"]);
        Assert.Equal("4", metadata["training_seed"]);
        using var model = (CloudMaskAnyModel)NetworkFile.Load(folder.File(Trainer.BestFileName));
        Assert.Equal(4, model.Network.Options.BandFeatures);
    }

    [Fact]
    public void Frozen_batch_norm_learns_with_the_averaged_statistics_and_never_changes_them()
    {
        float[] RunningStatistics(ITrainableNetwork network) => network.Module.Modules().OfType<CloudMask.Nn.Modules.BatchNorm2d>()
            .SelectMany(bn => bn.RunningMean.ToArray().Concat(bn.RunningVar.ToArray())).ToArray();
        using var shortFolder = new TempFolder("frozen1");
        using var longFolder = new TempFolder("frozen3");
        var shortRun = Setup(shortFolder.Path, epochs: 1, batchNormAverage: 6, freezeBatchNorm: true);
        var longRun = Setup(longFolder.Path, epochs: 3, batchNormAverage: 6, freezeBatchNorm: true);
        using var _s = shortRun.Network;
        using var _l = longRun.Network;
        var untouched = RunningStatistics(shortRun.Network);
        var loss = new SegmentationLoss(LossKind.CrossEntropyDice, [1, 3, 2, 1]);
        shortRun.Trainer.Run(shortRun.Sampler, shortRun.Validation, new Dictionary<string, string>());
        var before = longRun.Trainer.Validate(longRun.Validation, loss).Loss;
        var result = longRun.Trainer.Run(longRun.Sampler, longRun.Validation, new Dictionary<string, string>());

        Assert.NotEqual(untouched, RunningStatistics(shortRun.Network)); // the average replaced the initial 0 / 1
        // Same seed, same averaging batches; 45 training steps instead of 15 leave the statistics as they were.
        Assert.Equal(RunningStatistics(shortRun.Network), RunningStatistics(longRun.Network));
        Assert.True(result.BestValidationLoss < 0.75 * before, $"validation loss {before:F3} -> {result.BestValidationLoss:F3}");
    }

    [Fact]
    public void Resume_continues_from_the_last_checkpoint()
    {
        using var folder = new TempFolder("resume");
        var first = Setup(folder.Path, epochs: 1);
        using (first.Network) first.Trainer.Run(first.Sampler, first.Validation, new Dictionary<string, string>());
        var second = Setup(folder.Path, epochs: 2, resume: true);
        using (second.Network)
        {
            var result = second.Trainer.Run(second.Sampler, second.Validation, new Dictionary<string, string>());
            Assert.Equal(2, result.EpochsRun);
        }
        var lines = File.ReadAllLines(folder.File(Trainer.LogFileName));
        Assert.Equal(3, lines.Length); // header, epoch 1 from the first run, epoch 2 from the resumed one
        Assert.StartsWith("2,", lines[2]);
        Assert.Equal("2", NetworkFile.ReadMetadata(folder.File(Trainer.LastFileName))["epoch"]);
    }

    [Fact]
    public void Weight_average_is_the_mean_of_the_epoch_end_weights_from_its_first_epoch_and_survives_resume()
    {
        using var folder = new TempFolder("average");
        var epochEnds = new List<float[]>();
        float[] Weights(ITrainableNetwork network) => network.Module.Parameters().SelectMany(p => p.Data.ToArray()).ToArray();
        var first = Setup(folder.Path, epochs: 3, averageFrom: 2);
        using (first.Network)
        {
            var result = first.Trainer.Run(first.Sampler, first.Validation, new Dictionary<string, string>(),
                new Inline(p => { if (p.Validation is not null) epochEnds.Add(Weights(first.Network)); }));
            Assert.Equal((2, 3, 2), (result.Average!.FirstEpoch, result.Average.LastEpoch, result.Average.Epochs));
            Assert.Equal(Weights(first.Network), epochEnds[2]); // the live weights are back after the average was validated
        }
        using (var averaged = (CloudMaskAnyModel)NetworkFile.Load(folder.File(Trainer.AverageFileName)))
        {
            var expected = epochEnds[1].Zip(epochEnds[2], (a, b) => (a + b) / 2).ToArray();
            var actual = averaged.Network.Parameters().SelectMany(p => p.Data.ToArray()).ToArray();
            Assert.NotEqual(epochEnds[2], actual);
            for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5f);
        }
        Assert.Equal("2", NetworkFile.ReadMetadata(folder.File(Trainer.AverageFileName))["averaged_epochs"]);

        // A resumed run adds its epochs to the saved average instead of starting a new one.
        var second = Setup(folder.Path, epochs: 4, resume: true, averageFrom: 2);
        using (second.Network)
        {
            var result = second.Trainer.Run(second.Sampler, second.Validation, new Dictionary<string, string>(),
                new Inline(p => { if (p.Validation is not null) epochEnds.Add(Weights(second.Network)); }));
            Assert.Equal((2, 4, 3), (result.Average!.FirstEpoch, result.Average.LastEpoch, result.Average.Epochs));
        }
        using (var averaged = (CloudMaskAnyModel)NetworkFile.Load(folder.File(Trainer.AverageFileName)))
        {
            var actual = averaged.Network.Parameters().SelectMany(p => p.Data.ToArray()).ToArray();
            for (var i = 0; i < actual.Length; i++) Assert.Equal((epochEnds[1][i] + epochEnds[2][i] + epochEnds[3][i]) / 3, actual[i], 1e-5f);
        }
    }

    [Fact]
    public void A_fine_tune_that_validates_start_keeps_the_starting_weights_when_no_epoch_beats_them()
    {
        float[] Weights(string path)
        {
            using var model = (CloudMaskAnyModel)NetworkFile.Load(path);
            return model.Network.Parameters().SelectMany(p => p.Data.ToArray()).ToArray();
        }
        using var pretrain = new TempFolder("start");
        var first = Setup(pretrain.Path, epochs: 3);
        using (first.Network) first.Trainer.Run(first.Sampler, first.Validation, new Dictionary<string, string>());
        var start = pretrain.File(Trainer.BestFileName);

        // A learning rate far too large wrecks the trained weights in the first epoch.
        using var kept = new TempFolder("kept");
        var guarded = Setup(kept.Path, epochs: 2, init: start, learningRate: 1f, validateStart: true);
        var seen = new List<TrainingProgress>();
        using (guarded.Network)
        {
            var result = guarded.Trainer.Run(guarded.Sampler, guarded.Validation, new Dictionary<string, string>(), new Inline(seen.Add));
            Assert.Equal(0, result.BestEpoch);
        }
        Assert.Equal(Weights(start), Weights(kept.File(Trainer.BestFileName)));
        Assert.Equal("0", NetworkFile.ReadMetadata(kept.File(Trainer.BestFileName))["epoch"]);
        Assert.Equal([0, 1, 2], seen.Where(p => p.Validation is not null).Select(p => p.Epoch));
        Assert.NotEqual(Weights(start), Weights(kept.File(Trainer.LastFileName))); // it did train

        // The same run without the check hands back one of the wrecked epochs.
        using var plain = new TempFolder("plain");
        var unguarded = Setup(plain.Path, epochs: 2, init: start, learningRate: 1f);
        using (unguarded.Network)
            Assert.NotEqual(0, unguarded.Trainer.Run(unguarded.Sampler, unguarded.Validation, new Dictionary<string, string>()).BestEpoch);
        Assert.NotEqual(Weights(start), Weights(plain.File(Trainer.BestFileName)));
    }

    [Fact]
    public void Loss_curve_draws_both_losses_falling_from_left_to_right()
    {
        var canvas = LossCurvePlot.Render([(2.0, 2.5), (1.0, 1.5), (0.5, 1.0)]);
        // The orange validation curve: top left at the first epoch, lower at the last.
        int Row(int x, (byte, byte, byte) colour) => Enumerable.Range(0, LossCurvePlot.Height).First(y => canvas[x, y] == colour);
        Assert.True(Row(LossCurvePlot.Margin, LossCurvePlot.Validation) < Row(LossCurvePlot.Width - LossCurvePlot.Margin, LossCurvePlot.Validation));
        Assert.True(Row(LossCurvePlot.Margin, LossCurvePlot.Train) < Row(LossCurvePlot.Width - LossCurvePlot.Margin, LossCurvePlot.Train)); // blue training curve too
    }

    private sealed class Inline(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
