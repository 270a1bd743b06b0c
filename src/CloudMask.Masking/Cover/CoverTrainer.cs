using System.Diagnostics;
using CloudMask.Nn.Modules;
using CloudMask.Nn.Optim;
using CloudMask.Nn.Tensors;

namespace CloudMask.Masking.Cover;

public sealed record CoverTrainingOptions
{
    public int Seed { get; init; } = 1;
    public int BatchSize { get; init; } = 32;
    /// <summary>Epochs of experiment 1 (CNN regression).</summary>
    public int CnnEpochs { get; init; } = 30;
    /// <summary>Epochs of experiment 3 (joint SVDKL), starting from the CNN's feature extractor.</summary>
    public int SvdklEpochs { get; init; } = 30;
    public float NetworkLearningRate { get; init; } = 2e-3f;
    public double GpLearningRate { get; init; } = 0.01;
    /// <summary>m: inducing points of the SVDKL head.</summary>
    public int InducingPoints { get; init; } = 32;
    /// <summary>p: training patches whose features seed the inducing points by k-means.</summary>
    public int KMeansSubset { get; init; } = 500;
    /// <summary>Training patches the exact GP conditions on (its cost grows as n³).</summary>
    public int ExactGpSubset { get; init; } = 1000;
}

/// <summary>Experiment 1: the CNN with a linear regression head; σ is the RMSE on the calibration set (homoscedastic).</summary>
public sealed class CnnRegressor(CoverNetwork network, Linear head, double targetMean, double targetScale, double residualSdPercent)
{
    public CoverNetwork Network { get; } = network;
    public Linear Head { get; } = head;
    public double ResidualSdPercent { get; set; } = residualSdPercent;

    public IReadOnlyList<CoverEstimate> Estimate(IReadOnlyList<CoverPatch> patches)
    {
        var f = Network.Features(patches);
        var d = Network.FeatureDimension;
        var w = Head.Weight.Data.ToArray();
        var b = Head.Bias!.Data.ToArray()[0];
        return Enumerable.Range(0, patches.Count).Select(i =>
        {
            double y = b;
            for (var j = 0; j < d; j++) y += w[j] * f[i * d + j];
            return new CoverEstimate(100 * (targetMean + targetScale * y), ResidualSdPercent);
        }).ToList();
    }
}

/// <summary>Experiment 2: exact GP on the frozen CNN features.</summary>
public sealed class ExactGpRegressor(CoverNetwork network, ExactGp gp, double targetMean, double targetScale)
{
    public ExactGp Gp { get; } = gp;

    public IReadOnlyList<CoverEstimate> Estimate(IReadOnlyList<CoverPatch> patches)
    {
        var (mean, variance) = Gp.Predict(network.Features(patches), patches.Count);
        return Enumerable.Range(0, patches.Count).Select(i => new CoverEstimate(
            100 * (targetMean + targetScale * mean[i]), 100 * targetScale * Math.Sqrt(variance[i] + Gp.NoiseVariance))).ToList();
    }
}

/// <summary>What the three experiments produced, and how long each took.</summary>
public sealed record CoverTrainingResult(CnnRegressor Cnn, ExactGpRegressor ExactGp, CoverModel Svdkl, IReadOnlyDictionary<string, double> Seconds,
    IReadOnlyList<string> Log);

/// <summary>
/// The seed's three experiments on patches with known cover (targets standardised by the
/// training set's mean and standard deviation): 1. the CNN regresses the cover (MSE);
/// 2. its frozen features feed an exact GP whose RBF hyper-parameters maximise the marginal
/// likelihood; 3. a copy of the CNN's feature extractor and an SVGP head with m inducing points
/// (initialised at k-means centroids of the features of p random training patches, length scale 1)
/// are trained jointly by the ELBO.
/// </summary>
public sealed class CoverTrainer(CoverTrainingOptions options)
{
    public CoverTrainingResult Run(IReadOnlyList<CoverPatch> train, IReadOnlyList<CoverPatch> calibration, IProgress<string>? progress = null,
        CancellationToken cancellation = default)
    {
        if (train.Count < options.BatchSize) throw new ArgumentException($"{train.Count} training patches: at least one batch of {options.BatchSize} is needed");
        var log = new List<string>();
        void Report(string line) { log.Add(line); progress?.Report(line); }
        var seconds = new Dictionary<string, double>();
        var y = train.Select(p => p.CoverPercent / 100).ToArray();
        var targetMean = y.Average();
        var targetScale = Math.Sqrt(y.Select(v => (v - targetMean) * (v - targetMean)).Average());
        if (targetScale < 1e-6) throw new ArgumentException("the training patches all have the same cover; nothing to learn");
        var z = y.Select(v => (v - targetMean) / targetScale).ToArray();
        var random = new Random(options.Seed);

        // Experiment 1.
        var clock = Stopwatch.StartNew();
        var network = new CoverNetwork(options.Seed);
        var head = new Linear(network.FeatureDimension, 1, random: new Random(options.Seed + 1));
        var adam = new Adam(network.Parameters().Concat(head.Parameters()), new AdamOptions { LearningRate = options.NetworkLearningRate });
        for (var epoch = 1; epoch <= options.CnnEpochs; epoch++)
        {
            double sum = 0;
            var batches = Batches(train, random);
            foreach (var batch in batches)
            {
                cancellation.ThrowIfCancellationRequested();
                network.Train(); head.Train();
                adam.ZeroGrad();
                network.Bands = train[batch[0]].Bands;
                using var input = CoverNetwork.Input(batch.Select(i => train[i]).ToList());
                using var features = network.Forward(input);
                using var output = head.Forward(features);
                var o = output.ToArray();
                var grad = new float[batch.Length];
                for (var k = 0; k < batch.Length; k++)
                {
                    var r = o[k] - z[batch[k]];
                    sum += r * r;
                    grad[k] = (float)(2 * r / batch.Length);
                }
                using var gradOutput = Tensor.FromArray(grad, batch.Length, 1);
                using var gradFeatures = head.Backward(gradOutput);
                network.Backward(gradFeatures).Dispose();
                GradientClipping.ClipByGlobalNorm(network.Parameters().Concat(head.Parameters()), 5.0);
                adam.Step();
            }
            Report($"cnn epoch {epoch}/{options.CnnEpochs}: train MSE (standardised) {sum / train.Count:F4}, {clock.Elapsed.TotalMinutes:F1} min");
        }
        network.Eval(); head.Eval();
        var cnn = new CnnRegressor(network, head, targetMean, targetScale, 0);
        cnn.ResidualSdPercent = Rmse(cnn.Estimate(calibration), calibration);
        seconds["cnn"] = clock.Elapsed.TotalSeconds;
        Report($"cnn: calibration RMSE {cnn.ResidualSdPercent:F2} % (its interval width)");

        // Experiment 2.
        clock.Restart();
        var subset = Shuffled(train.Count, random).Take(Math.Min(options.ExactGpSubset, train.Count)).ToArray();
        var subsetPatches = subset.Select(i => train[i]).ToList();
        var gp = new ExactGp();
        var nlml = gp.Fit(network.Features(subsetPatches), subset.Select(i => z[i]).ToArray(), network.FeatureDimension);
        var exact = new ExactGpRegressor(network, gp, targetMean, targetScale);
        seconds["exact_gp"] = clock.Elapsed.TotalSeconds;
        Report($"exact GP on {subset.Length} patches: length scale {gp.LengthScale:F3}, signal variance {gp.SignalVariance:F3}, "
            + $"noise variance {gp.NoiseVariance:F4}, -log marginal likelihood per patch {nlml:F3}");

        // Experiment 3.
        clock.Restart();
        var dklNetwork = new CoverNetwork(options.Seed);
        dklNetwork.LoadStateDict(network.StateDict());
        var initPatches = Shuffled(train.Count, random).Take(Math.Min(options.KMeansSubset, train.Count)).Select(i => train[i]).ToList();
        var centroids = KMeans.Centroids(dklNetwork.Features(initPatches), initPatches.Count, dklNetwork.FeatureDimension, options.InducingPoints, random);
        var svgp = new SvgpHead(centroids, options.InducingPoints, dklNetwork.FeatureDimension) { LogLengthScale = 0, LogSignalVariance = 0, LogNoiseVariance = Math.Log(0.1) };
        var netAdam = new Adam(dklNetwork.Parameters(), new AdamOptions { LearningRate = options.NetworkLearningRate / 4 });
        var gpParameterCount = svgp.Z.Length + svgp.Mu.Length + svgp.Lq.Length + 3;
        var gpAdam = new ScalarAdam(gpParameterCount, options.GpLearningRate);
        var packed = new double[gpParameterCount];
        var packedGrad = new double[gpParameterCount];
        for (var epoch = 1; epoch <= options.SvdklEpochs; epoch++)
        {
            double sum = 0;
            foreach (var batch in Batches(train, random))
            {
                cancellation.ThrowIfCancellationRequested();
                dklNetwork.Train();
                netAdam.ZeroGrad();
                dklNetwork.Bands = train[batch[0]].Bands;
                using var input = CoverNetwork.Input(batch.Select(i => train[i]).ToList());
                using var features = dklNetwork.Forward(input);
                var x = features.ToArray().Select(v => (double)v).ToArray();
                var (loss, grads, dx) = svgp.LossAndGradients(x, batch.Select(i => z[i]).ToArray(), batch.Length, train.Count);
                sum += loss * batch.Length;
                using var gradFeatures = Tensor.FromArray(dx.Select(v => (float)v).ToArray(), batch.Length, dklNetwork.FeatureDimension);
                dklNetwork.Backward(gradFeatures).Dispose();
                GradientClipping.ClipByGlobalNorm(dklNetwork.Parameters(), 5.0);
                netAdam.Step();
                Pack(svgp, packed, grads, packedGrad);
                gpAdam.Step(packed, packedGrad);
                Unpack(packed, svgp);
            }
            Report($"svdkl epoch {epoch}/{options.SvdklEpochs}: -ELBO per patch {sum / train.Count:F4}, length scale {svgp.LengthScale:F3}, "
                + $"signal variance {svgp.SignalVariance:F3}, noise variance {svgp.NoiseVariance:F4}, {clock.Elapsed.TotalMinutes:F1} min");
        }
        dklNetwork.Eval();
        seconds["svdkl"] = clock.Elapsed.TotalSeconds;
        return new CoverTrainingResult(cnn, exact, new CoverModel(dklNetwork, svgp, targetMean, targetScale), seconds, log);
    }

    private static double Rmse(IReadOnlyList<CoverEstimate> estimates, IReadOnlyList<CoverPatch> patches) =>
        Math.Sqrt(estimates.Zip(patches, (e, p) => (e.ClampedPercent - p.CoverPercent) * (e.ClampedPercent - p.CoverPercent)).Average());

    /// <summary>An epoch's batches: each patch once, batches drawn within one band list, in random order.</summary>
    private List<int[]> Batches(IReadOnlyList<CoverPatch> patches, Random random)
    {
        var batches = new List<int[]>();
        foreach (var group in Enumerable.Range(0, patches.Count).GroupBy(i => patches[i].BandKey))
        {
            var members = group.OrderBy(_ => random.Next()).ToArray();
            // A last short batch below half size is dropped (a batch of one gives a noisy step).
            batches.AddRange(members.Chunk(options.BatchSize).Where(c => c.Length >= Math.Max(2, options.BatchSize / 2)));
        }
        return batches.OrderBy(_ => random.Next()).ToList();
    }

    private static int[] Shuffled(int count, Random random) => Enumerable.Range(0, count).OrderBy(_ => random.Next()).ToArray();

    private static void Pack(SvgpHead head, double[] values, SvgpHead.Gradients grads, double[] gradient)
    {
        var o = 0;
        void Put(double[] v, double[] g) { v.CopyTo(values, o); g.CopyTo(gradient, o); o += v.Length; }
        Put(head.Z, grads.Z);
        Put(head.Mu, grads.Mu);
        Put(head.Lq, grads.Lq);
        values[o] = head.LogLengthScale; gradient[o++] = grads.LogLengthScale;
        values[o] = head.LogSignalVariance; gradient[o++] = grads.LogSignalVariance;
        values[o] = head.LogNoiseVariance; gradient[o] = grads.LogNoiseVariance;
    }

    private static void Unpack(double[] values, SvgpHead head)
    {
        var o = 0;
        void Take(double[] v) { Array.Copy(values, o, v, 0, v.Length); o += v.Length; }
        Take(head.Z);
        Take(head.Mu);
        Take(head.Lq);
        head.LogLengthScale = values[o++];
        head.LogSignalVariance = values[o++];
        head.LogNoiseVariance = Math.Max(values[o], Math.Log(1e-6));
    }
}
