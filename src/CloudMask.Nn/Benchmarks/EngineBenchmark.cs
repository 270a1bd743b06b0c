using CloudMask.Nn.Inference;
using CloudMask.Nn.Kernels;
using CloudMask.Nn.Losses;
using CloudMask.Nn.Models;
using CloudMask.Nn.Native;
using CloudMask.Nn.Optim;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Benchmarks;

/// <summary>The numbers `cloudmask bench engine` prints: a 64->64 3x3 convolution on 1x64xSxS
/// (forward, backward-data, backward-weights, GFLOP/s, for oneDNN's kernel alone and with the
/// NCHW reorders the training path adds), the forward time of a U-Net tile (compiled session and
/// module by module), tile parallelism against oneDNN's own threads, and one training step
/// (forward + soft-dice loss + backward + Adam) of that U-Net.</summary>
public static class EngineBenchmark
{
    public static EngineBenchmarkResult Run(EngineBenchmarkOptions options, Action<string>? progress = null)
    {
        options.Validate();
        var log = progress ?? (_ => { });
        var result = new EngineBenchmarkResult { Options = options, Threads = DnnlRuntime.MaxThreads() };
        var random = new Random(0);
        MeasureConvolution(options, result, random, log);
        MeasureUNet(options, result, random, log);
        return result;
    }

    private static void MeasureConvolution(EngineBenchmarkOptions options, EngineBenchmarkResult result, Random random, Action<string> log)
    {
        var g = new ConvGeometry(1, 64, options.ConvSize, options.ConvSize, 64, 3, 3, PadH: 1, PadW: 1);
        using var x = Tensor.RandomNormal(random, 1f, g.InputShape);
        using var w = Tensor.RandomNormal(random, 0.05f, g.WeightShape);
        using var b = new Tensor(64);
        using var dy = Tensor.RandomNormal(random, 1f, g.OutputShape);
        using var y = new Tensor(g.OutputShape);
        using var dx = new Tensor(g.InputShape);
        using var dw = new Tensor(g.WeightShape);
        using var db = new Tensor(64);
        using var inference = new DnnlConvolution(g, hasBias: true, training: false);
        using var training = new DnnlConvolution(g, hasBias: true, training: true);
        result.ConvImplementation = inference.ForwardImplementation;
        double Gflops(Action a) => g.Flops / 1e9 / BenchmarkTimer.MedianSeconds(a, options.Runs);

        inference.Forward(x.Pointer, w.Pointer, b.Pointer, y.Pointer);
        result.ConvForwardGflops = Gflops(() => inference.RepeatPrimitiveOnly(DnnlConvolution.Pass.Forward));
        result.ConvForwardWithReordersGflops = Gflops(() => inference.Forward(x.Pointer, w.Pointer, b.Pointer, y.Pointer));
        log($"conv forward {result.ConvForwardGflops:F0} GFLOP/s ({result.ConvImplementation})");

        training.Forward(x.Pointer, w.Pointer, b.Pointer, y.Pointer);
        training.BackwardData(dy.Pointer, w.Pointer, dx.Pointer);
        result.ConvBackwardDataGflops = Gflops(() => training.RepeatPrimitiveOnly(DnnlConvolution.Pass.BackwardData));
        result.ConvBackwardDataWithReordersGflops = Gflops(() => training.BackwardData(dy.Pointer, w.Pointer, dx.Pointer));
        log($"conv backward-data {result.ConvBackwardDataGflops:F0} GFLOP/s");

        training.BackwardWeights(x.Pointer, dy.Pointer, dw.Pointer, db.Pointer);
        result.ConvBackwardWeightsGflops = Gflops(() => training.RepeatPrimitiveOnly(DnnlConvolution.Pass.BackwardWeights));
        result.ConvBackwardWeightsWithReordersGflops = Gflops(() => training.BackwardWeights(x.Pointer, dy.Pointer, dw.Pointer, db.Pointer));
        log($"conv backward-weights {result.ConvBackwardWeightsGflops:F0} GFLOP/s");
    }

    private static void MeasureUNet(EngineBenchmarkOptions options, EngineBenchmarkResult result, Random random, Action<string> log)
    {
        var unetOptions = new UNetOptions { InChannels = options.Bands, Classes = options.Classes, BaseFilters = options.BaseFilters, Levels = 5 };
        using var net = UNet.Build(unetOptions);
        result.UNetForwardGflop = UNet.ForwardFlops(unetOptions, options.TileSize, options.TileSize) / 1e9;
        using var tile = Tensor.RandomUniform(random, 0f, 1f, 1, options.Bands, options.TileSize, options.TileSize);
        using (var session = new InferenceSession(net))
        {
            result.UNetForwardSeconds = BenchmarkTimer.MedianSeconds(() => session.Run(tile).Dispose(), options.Runs);
            log($"U-Net forward {result.UNetForwardSeconds:F3} s per {options.TileSize}x{options.TileSize} tile (compiled session)");
        }
        net.Eval();
        result.UNetModuleForwardSeconds = BenchmarkTimer.MedianSeconds(() => net.Forward(tile).Dispose(), Math.Max(1, options.Runs / 2));
        log($"U-Net forward {result.UNetModuleForwardSeconds:F3} s per tile (module by module)");

        result.TileParallelSecondsPerTile = MeasureTileParallel(net, tile, options.Runs);
        log($"U-Net forward {result.TileParallelSecondsPerTile:F3} s per tile with one tile per core");

        net.Train();
        var optimizer = new Adam(net.Parameters(), new AdamOptions { LearningRate = 1e-4f });
        using var batch = Tensor.RandomUniform(random, 0f, 1f, options.TrainBatch, options.Bands, options.TrainSize, options.TrainSize);
        var labels = new int[options.TrainBatch * options.TrainSize * options.TrainSize];
        for (var i = 0; i < labels.Length; i++) labels[i] = random.Next(options.Classes);
        using var target = Targets.OneHot(labels, options.TrainBatch, options.Classes, options.TrainSize, options.TrainSize);
        result.TrainStepSeconds = BenchmarkTimer.MedianSeconds(() =>
        {
            optimizer.ZeroGrad();
            var logits = net.Forward(batch);
            var loss = SoftDiceLoss.Compute(logits, target);
            net.Backward(loss.Gradient);
            optimizer.Step();
        }, Math.Max(1, options.Runs - 2));
        log($"U-Net training step {result.TrainStepSeconds:F3} s (batch {options.TrainBatch} at {options.TrainSize}x{options.TrainSize})");
    }

    /// <summary>One session per core, each on one OpenMP thread, each running its own tiles;
    /// returns wall time per tile. Compare with the single session on all threads.</summary>
    private static double MeasureTileParallel(Modules.Module net, Tensor tile, int runs)
    {
        var workers = Math.Max(1, Environment.ProcessorCount);
        var sessions = Enumerable.Range(0, workers).Select(_ => new InferenceSession(net) { ThreadsPerRun = 1 }).ToArray();
        try
        {
            void RunAll() => Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, i => sessions[i].Run(tile).Dispose());
            return BenchmarkTimer.MedianSeconds(RunAll, Math.Max(1, runs / 2)) / workers;
        }
        finally
        {
            foreach (var s in sessions) s.Dispose();
        }
    }
}
