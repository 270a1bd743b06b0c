using CloudMask.Masking.Cover;
using CloudMask.Masking.Data;
using CloudMask.Raster.Spectral;
using CloudMask.TestSupport;

namespace CloudMask.Masking.Tests.Cover;

public class CoverModelTests
{
    private static readonly SpectralBand[] Bands = [SensorBands.Find("B02")!, SensorBands.Find("B04")!, SensorBands.Find("B8A")!, SensorBands.Find("B11")!];

    /// <summary>128 x 128: left half cloud (4), right half clear (1), top row missing (0); band b has value b + x / 1000.</summary>
    private static LabelledSample HalfCloudy(string name = "half")
    {
        const int size = 128;
        var labels = new byte[size * size];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++) labels[y * size + x] = y == 0 ? (byte)0 : x < size / 2 ? (byte)4 : (byte)1;
        var planes = Bands.Select((_, b) => Enumerable.Range(0, size * size).Select(i => b + i % size / 1000f).ToArray()).ToArray();
        return new LabelledSample(name, Bands, size, size, planes, labels);
    }

    [Fact]
    public void Label_cover_counts_thin_and_thick_cloud_over_valid_pixels_and_shadow_apart()
    {
        byte[] labels = [0, 1, 1, 2, 3, 4, 5, 4];
        var (cover, shadow, valid) = CoverPatch.LabelCover(labels);
        Assert.Equal(6, valid);              // 0 and 5 left out
        Assert.Equal(300.0 / 6, cover, 9);   // 3, 4, 4
        Assert.Equal(100.0 / 6, shadow, 9);
        Assert.True(double.IsNaN(CoverPatch.LabelCover([0, 5]).Cover));
    }

    [Fact]
    public void Patch_averages_2x2_blocks_and_skips_missing_pixels()
    {
        var patch = CoverPatch.FromSample(HalfCloudy());
        Assert.Equal(50, patch.CoverPercent, 9);
        Assert.Equal(4, patch.Planes.Length);
        Assert.All(patch.Planes, p => Assert.Equal(CoverPatch.Size * CoverPatch.Size, p.Length));
        // Cell (x 3, y 0) averages columns 6, 7 of rows 0 and 1; row 0 is missing, so only row 1 counts.
        Assert.Equal(2 + 6.5f / 1000, patch.Planes[2][3], 5);
        // Cell (x 10, y 5): columns 20, 21.
        Assert.Equal(1 + 20.5f / 1000, patch.Planes[1][5 * CoverPatch.Size + 10], 5);
        var quadrants = CoverPatch.Parts(HalfCloudy(), 2).ToList();
        Assert.Equal([100.0, 0.0, 100.0, 0.0], quadrants.Select(q => Math.Round(q.CoverPercent, 6)));
        Assert.Equal("half#1", quadrants[1].Name);
    }

    [Fact]
    public void A_large_scene_is_cut_into_equal_blocks_weighted_by_valid_pixels()
    {
        // 2000 x 100 px: two blocks side by side (1000 px each, at most 1024); left 0.1, right 0.5; the right block's
        // first 500 columns have no data.
        const int w = 2000, h = 100;
        var planes = Bands.Select(_ => Enumerable.Range(0, w * h).Select(i => i % w < 1000 ? 0.1f : i % w < 1500 ? float.NaN : 0.5f).ToArray()).ToArray();
        var blocks = CoverPatch.FromSource(new ArraySource(Bands, w, h, planes));
        Assert.Equal(2, blocks.Count);
        Assert.Equal(1000L * h, blocks[0].ValidPixels);
        Assert.Equal(500L * h, blocks[1].ValidPixels);
        Assert.All(blocks[0].Planes[0], v => Assert.Equal(0.1f, v, 6));
        Assert.All(blocks[1].Planes[3].Where((_, i) => i % CoverPatch.Size >= 32), v => Assert.Equal(0.5f, v, 6));
        Assert.All(blocks[1].Planes[3].Where((_, i) => i % CoverPatch.Size < 32), v => Assert.Equal(0f, v));  // no-data cells
        Assert.EndsWith("#1", blocks[1].Name);
        // Small scenes stay one patch.
        Assert.Single(CoverPatch.FromSource(new ArraySource(Bands, 300, 200, Bands.Select(_ => new float[300 * 200]).ToArray())));
    }

    [Fact]
    public void Combined_estimate_weights_means_and_sds_by_valid_pixels()
    {
        var combined = CoverEstimate.Combine([(new CoverEstimate(10, 2), 3), (new CoverEstimate(50, 10), 1)]);
        Assert.Equal(20, combined.MeanPercent, 9);    // (3 x 10 + 50) / 4
        Assert.Equal(4, combined.SdPercent, 9);       // (3 x 2 + 10) / 4
        Assert.Throws<ArgumentException>(() => CoverEstimate.Combine([(new CoverEstimate(10, 2), 0)]));
    }

    [Fact]
    public void Too_few_reflective_bands_is_an_error_naming_the_input()
    {
        var sample = HalfCloudy() with { Name = "two.tif", Bands = Bands[..2], Planes = HalfCloudy().Planes[..2] };
        var e = Assert.Throws<ArgumentException>(() => CoverPatch.FromSample(sample));
        Assert.StartsWith("two.tif: ", e.Message);
    }

    [Fact]
    public void Saved_model_loads_with_the_same_estimates_and_other_files_are_refused()
    {
        using var dir = new TempFolder();
        var network = new CoverNetwork(seed: 3);
        var features = network.Features([CoverPatch.FromSample(HalfCloudy())]);
        var head = new SvgpHead(Enumerable.Range(0, 4 * network.FeatureDimension).Select(i => (i % 7) / 7.0).ToArray(), 4, network.FeatureDimension)
        {
            LogLengthScale = 0.2, LogSignalVariance = -0.3, LogNoiseVariance = -2,
        };
        head.Mu[1] = 0.7;
        head.Lq[3 * 4 + 1] = 0.2;
        using var model = new CoverModel(network, head, 0.4, 0.3);
        var patches = new[] { CoverPatch.FromSample(HalfCloudy()), CoverPatch.Parts(HalfCloudy(), 2).First() };
        var before = model.Estimate(patches);
        var path = dir.File("cover.safetensors");
        model.Save(path);
        using var loaded = CoverModel.Load(path);
        var after = loaded.Estimate(patches);
        for (var i = 0; i < patches.Length; i++)
        {
            Assert.Equal(before[i].MeanPercent, after[i].MeanPercent, 3);
            Assert.Equal(before[i].SdPercent, after[i].SdPercent, 3);
        }
        Assert.NotEqual(before[0].MeanPercent, before[1].MeanPercent); // the network looks at the input
        Assert.Equal(16, features.Length);

        var other = dir.File("other.safetensors");
        Nn.Serialization.Safetensors.Save(other, network.StateDict(), new Dictionary<string, string> { ["architecture"] = "cloudmask-any" });
        var e = Assert.Throws<InvalidDataException>(() => CoverModel.Load(other));
        Assert.StartsWith(other, e.Message);
    }

    [Fact]
    public void Svgp_trained_by_the_elbo_fits_and_its_90_percent_intervals_cover_about_90_percent()
    {
        var random = new Random(11);
        const int n = 300, m = 12;
        double Target(double v) => Math.Sin(3 * v);
        var x = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        var y = x.Select(v => Target(v) + 0.2 * Normal(random)).ToArray();
        var z = KMeans.Centroids(x, n, 1, m, new Random(1));
        var head = new SvgpHead(z, m, 1) { LogLengthScale = 0, LogSignalVariance = 0, LogNoiseVariance = Math.Log(0.1) };
        var count = head.Z.Length + head.Mu.Length + head.Lq.Length + 3;
        var adam = new ScalarAdam(count, 0.02);
        for (var step = 0; step < 600; step++)
        {
            var batch = Enumerable.Range(0, 50).Select(_ => random.Next(n)).ToArray();
            var (_, g, _) = head.LossAndGradients(batch.Select(i => x[i]).ToArray(), batch.Select(i => y[i]).ToArray(), batch.Length, n);
            var values = head.Z.Concat(head.Mu).Concat(head.Lq).Concat([head.LogLengthScale, head.LogSignalVariance, head.LogNoiseVariance]).ToArray();
            var grads = g.Z.Concat(g.Mu).Concat(g.Lq).Concat([g.LogLengthScale, g.LogSignalVariance, g.LogNoiseVariance]).ToArray();
            adam.Step(values, grads);
            var o = 0;
            foreach (var target in new[] { head.Z, head.Mu, head.Lq }) { Array.Copy(values, o, target, 0, target.Length); o += target.Length; }
            (head.LogLengthScale, head.LogSignalVariance, head.LogNoiseVariance) = (values[o], values[o + 1], values[o + 2]);
        }
        Assert.InRange(Math.Sqrt(head.NoiseVariance), 0.15, 0.26);
        var test = Enumerable.Range(0, 400).Select(_ => random.NextDouble()).ToArray();
        var truth = test.Select(v => Target(v) + 0.2 * Normal(random)).ToArray();
        var (mean, variance) = head.Predict(test, test.Length);
        var estimates = mean.Select((mu, i) => new CoverEstimate(mu, Math.Sqrt(variance[i] + head.NoiseVariance))).ToList();
        // Covers here are unbounded values: check coverage without the 0-100 clip by shifting into range.
        var shifted = estimates.Select(e => e with { MeanPercent = e.MeanPercent + 50 }).ToList();
        var metrics = CoverMetrics.Compute("svgp", "sine", shifted, truth.Select(t => t + 50).ToList());
        Assert.InRange(metrics.Coverage90, 0.85, 0.95);
        Assert.InRange(metrics.Mae, 0.1, 0.2); // about the noise's mean absolute value, 0.16
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
