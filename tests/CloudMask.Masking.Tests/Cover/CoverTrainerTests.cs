using CloudMask.Masking.Cover;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Tests.Cover;

public class CoverTrainerTests
{
    private static readonly SpectralBand[] Bands = [SensorBands.Find("B02")!, SensorBands.Find("B04")!, SensorBands.Find("B8A")!];

    /// <summary>A patch whose first rows (cover % of them) hold bright cloud-like reflectance, the rest dark land.</summary>
    private static CoverPatch Striped(Random random, int index)
    {
        var cover = random.NextDouble() * 100;
        var cloudRows = (int)Math.Round(cover / 100 * CoverPatch.Size);
        const int plane = CoverPatch.Size * CoverPatch.Size;
        var planes = Bands.Select(_ => new float[plane]).ToArray();
        for (var b = 0; b < Bands.Length; b++)
            for (var i = 0; i < plane; i++)
                planes[b][i] = i / CoverPatch.Size < cloudRows ? 0.6f + 0.05f * (float)random.NextDouble() : 0.05f + 0.1f * b + 0.03f * (float)random.NextDouble();
        return new CoverPatch($"p{index}", Bands, planes, 100.0 * cloudRows / CoverPatch.Size, 0, plane);
    }

    [Fact]
    public void The_three_experiments_learn_cover_from_patches()
    {
        var random = new Random(1);
        var train = Enumerable.Range(0, 128).Select(i => Striped(random, i)).ToList();
        var calibration = Enumerable.Range(0, 24).Select(i => Striped(random, 1000 + i)).ToList();
        var test = Enumerable.Range(0, 40).Select(i => Striped(random, 2000 + i)).ToList();
        var options = new CoverTrainingOptions { BatchSize = 16, CnnEpochs = 12, SvdklEpochs = 8, InducingPoints = 8, KMeansSubset = 64, ExactGpSubset = 128, NetworkLearningRate = 5e-3f };
        var result = new CoverTrainer(options).Run(train, calibration);
        var truth = test.Select(p => p.CoverPercent).ToList();
        var meanCover = train.Average(p => p.CoverPercent);
        var baseline = truth.Average(t => Math.Abs(t - meanCover));   // always guessing the training mean
        foreach (var (name, estimates) in new[] { ("cnn", result.Cnn.Estimate(test)), ("exact", result.ExactGp.Estimate(test)), ("svdkl", result.Svdkl.Estimate(test)) })
        {
            var metrics = CoverMetrics.Compute(name, "striped", estimates, truth);
            Assert.True(metrics.Mae < 0.5 * baseline, $"{name}: MAE {metrics.Mae:F1} vs {baseline:F1} for the mean");
            Assert.All(estimates, e => Assert.True(e.SdPercent > 0 && double.IsFinite(e.MeanPercent)));
        }
        Assert.Equal(["cnn", "exact_gp", "svdkl"], result.Seconds.Keys.Order());
    }
}
