using CloudMask.Masking.Models;
using CloudMask.Nn.Models;
using CloudMask.Nn.Modules;
using CloudMask.Raster.Spectral;
using CloudMask.TestSupport;

namespace CloudMask.Onnx.Tests;

/// <summary>The networks the ONNX tests export: the shipped default (whatever its weights are
/// today) and untrained ones of the real architectures, with batch-norm statistics and logit
/// offsets made non-trivial so that a wrong export of either would show.</summary>
internal static class TestNetworks
{
    /// <summary>The shipped cloudmask-any weights in the repository's models/ folder.</summary>
    public static string DefaultWeightsPath => Path.Combine(SharedData.RepositoryRoot, "models", "cloudmask-any.safetensors");

    public static CloudMaskAnyModel Default()
    {
        if (!File.Exists(DefaultWeightsPath)) throw new Xunit.SkipException($"no shipped weights at {DefaultWeightsPath}");
        return (CloudMaskAnyModel)NetworkFile.Load(DefaultWeightsPath);
    }

    /// <summary>A small cloudmask-any (5 levels, like the default) with offsets of its own for visible-only input.</summary>
    public static CloudMaskAnyModel SmallAny(int seed = 3)
    {
        var network = new CloudMaskAnyNetwork(new CloudMaskAnyOptions { BandFeatures = 8, DescriptorHidden = 16, Filters = [8, 8, 16, 16, 16], Seed = seed });
        Randomize(network, seed);
        return new CloudMaskAnyModel(network, "cloudmask-any@test")
        {
            Offsets = new LogitOffsetTable(new LogitOffsets([0f, 0.3f, -0.2f, 0.1f]),
                new Dictionary<BandCoverage, LogitOffsets> { [BandCoverage.Visible] = new([0f, -0.5f, 0.4f, 0.7f]) }),
        };
    }

    /// <summary>KappaMask's U-Net at its smallest (5 levels, 32 filters), with or without batch norm (the paper has none).</summary>
    public static KappaMaskUNetModel SmallKappa(bool batchNorm, KappaMaskBandSet bandSet = KappaMaskBandSet.L1C13, int seed = 5)
    {
        var options = new KappaMaskUNetOptions { BandSet = bandSet, Levels = 5, BaseFilters = 32, BatchNorm = batchNorm, Seed = seed };
        var network = UNet.Build(options.ToUNetOptions());
        Randomize(network, seed);
        return new KappaMaskUNetModel(options, network, "kappamask-unet@test") { Offsets = new LogitOffsetTable(new LogitOffsets([0.2f, 0f, 0f, -0.3f])) };
    }

    /// <summary>Batch-norm statistics and affine parameters away from 0 and 1, and the head's
    /// weights scaled down so that the probabilities are not all 0 or 1 (where any export would pass).</summary>
    private static void Randomize(Module network, int seed)
    {
        var random = new Random(seed);
        foreach (var norm in network.Modules().OfType<BatchNorm2d>())
            for (var c = 0; c < norm.Channels; c++)
            {
                norm.RunningMean.Span[c] = (float)(random.NextDouble() - 0.5);
                norm.RunningVar.Span[c] = (float)(0.5 + random.NextDouble());
                norm.Weight.Data.Span[c] = (float)(0.5 + random.NextDouble());
                norm.Bias.Data.Span[c] = (float)(random.NextDouble() - 0.5) * 0.2f;
            }
        var head = network.Modules().OfType<Conv2d>().Last();
        var weights = head.Weight.Data.Span;
        for (var i = 0; i < weights.Length; i++) weights[i] *= 0.1f;
    }

    public static SpectralBand[] Bands(params string[] names) => names.Select(n => SensorBands.Find(n) ?? throw new ArgumentException(n)).ToArray();

    /// <summary>Random reflectance in 0..0.8 with a few bright (cloud-like) and dark patches, planes band-major.</summary>
    public static float[][] RandomPlanes(int bands, int width, int height, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, bands).Select(_ =>
        {
            var plane = new float[width * height];
            for (var i = 0; i < plane.Length; i++)
            {
                int x = i % width, y = i / width;
                var patch = ((x / 9) + (y / 7)) % 3 == 0 ? 0.4f : 0f;
                plane[i] = patch + 0.4f * (float)random.NextDouble();
            }
            return plane;
        }).ToArray();
    }
}
