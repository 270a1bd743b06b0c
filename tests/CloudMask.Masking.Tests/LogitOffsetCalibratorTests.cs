using CloudMask.Masking.Calibration;

namespace CloudMask.Masking.Tests;

public class LogitOffsetCalibratorTests
{
    /// <summary>Probability planes (x255) of a model that knows the class but leans to clear:
    /// its thin-cloud logit is <paramref name="thinBias"/> too low.</summary>
    private static (byte[] Labels, byte[][] Probabilities) BiasedScene(float thinBias, int pixels, int seed)
    {
        var random = new Random(seed);
        var labels = new byte[pixels];
        var planes = Enumerable.Range(0, 4).Select(_ => new byte[pixels]).ToArray();
        Span<float> logits = stackalloc float[4];
        for (var i = 0; i < pixels; i++)
        {
            var truth = random.Next(4);
            labels[i] = (byte)(truth + 1);
            for (var c = 0; c < 4; c++) logits[c] = (c == truth ? 1.2f : 0f) + 1.5f * (float)(random.NextDouble() - 0.5);
            logits[2] -= thinBias;
            var max = float.NegativeInfinity;
            foreach (var l in logits) max = MathF.Max(max, l);
            var sum = 0f;
            for (var c = 0; c < 4; c++) sum += MathF.Exp(logits[c] - max);
            for (var c = 0; c < 4; c++) planes[c][i] = (byte)MathF.Round(255 * MathF.Exp(logits[c] - max) / sum);
        }
        labels[0] = 0; // missing and undefined labels are skipped
        labels[1] = 5;
        return (labels, planes);
    }

    [Fact]
    public void Finds_the_offset_that_undoes_a_planted_thin_cloud_bias()
    {
        var calibrator = new LogitOffsetCalibrator();
        var (labels, planes) = BiasedScene(thinBias: 1.0f, pixels: 40_000, seed: 1);
        calibrator.Add(labels, planes);

        var result = calibrator.Fit();

        Assert.Equal(40_000 - 2, result.Pixels);
        Assert.InRange(result.Offsets.Values[2], 0.8f, 1.2f); // thin raised by about what was taken off
        Assert.InRange(result.Offsets.Values[1], -0.2f, 0.2f); // the unbiased classes stay near 0
        Assert.InRange(result.Offsets.Values[3], -0.2f, 0.2f);
        Assert.Equal(0f, result.Offsets.Values[0]); // clear is the reference
        Assert.True(result.MeanDiceAfter > result.MeanDiceBefore + 0.02, $"{result.MeanDiceBefore:F3} -> {result.MeanDiceAfter:F3}");
    }

    [Fact]
    public void An_unbiased_model_keeps_offsets_near_zero()
    {
        var calibrator = new LogitOffsetCalibrator();
        var (labels, planes) = BiasedScene(thinBias: 0f, pixels: 40_000, seed: 2);
        calibrator.Add(labels, planes);
        var result = calibrator.Fit();
        Assert.All(result.Offsets.Values, v => Assert.InRange(v, -0.2f, 0.2f));
        Assert.True(result.MeanDiceAfter - result.MeanDiceBefore < 0.005);
    }

    [Fact]
    public void Nothing_to_fit_is_refused()
    {
        var calibrator = new LogitOffsetCalibrator();
        calibrator.Add(new byte[] { 0, 5 }, [new byte[2], new byte[2], new byte[2], new byte[2]]);
        Assert.Throws<InvalidOperationException>(() => calibrator.Fit());
    }
}
