using CloudMask.Masking.Analysis;

namespace CloudMask.Masking.Tests.Analysis;

public class UncertaintyCalibrationTests
{
    [Fact]
    public void Deciles_split_pixels_by_uncertainty_and_give_each_its_error_rate()
    {
        // 100 pixels: uncertainty 10*k for the k-th group of 10 (k = 0..9); group k has k wrong pixels.
        var labels = new byte[100];
        var predictions = new byte[100];
        var uncertainty = new byte[100];
        for (var i = 0; i < 100; i++)
        {
            int k = i / 10, j = i % 10;
            labels[i] = 1;
            predictions[i] = (byte)(j < k ? 4 : 1);
            uncertainty[i] = (byte)(10 * k);
        }
        var calibration = new UncertaintyCalibration();
        calibration.Add(labels, predictions, uncertainty);
        var deciles = calibration.Deciles();
        Assert.Equal(10, deciles.Count);
        for (var k = 0; k < 10; k++)
        {
            Assert.Equal(10, deciles[k].Pixels, 9);
            Assert.Equal(k / 10.0, deciles[k].ErrorRate, 9);
            Assert.Equal(10 * k, deciles[k].MinUncertainty);
            Assert.Equal(10 * k, deciles[k].MaxUncertainty);
        }
        // Top tenth: 9 wrong of 10; the rest: 36 wrong of 90 -> 0.9 / 0.4.
        Assert.Equal(0.9 / 0.4, calibration.TopDecileRatio(), 9);
        Assert.Equal(45, calibration.Wrong);
        Assert.Equal((7 + 8 + 9) / 45.0, calibration.ErrorShareAbove(70), 9);
    }

    [Fact]
    public void Tied_values_are_shared_between_deciles_and_unlabelled_pixels_are_ignored()
    {
        // 20 pixels all at uncertainty 0 with 4 wrong, plus pixels labelled 0 and 5 and one predicted 0.
        var labels = Enumerable.Repeat((byte)1, 20).Concat(new byte[] { 0, 5, 1 }).ToArray();
        var predictions = Enumerable.Range(0, 20).Select(i => (byte)(i < 4 ? 2 : 1)).Concat(new byte[] { 2, 2, 0 }).ToArray();
        var calibration = new UncertaintyCalibration();
        calibration.Add(labels, predictions, new byte[23]);
        Assert.Equal(20, calibration.Pixels);
        var deciles = calibration.Deciles();
        Assert.All(deciles, d => Assert.Equal(2, d.Pixels, 9));
        Assert.All(deciles, d => Assert.Equal(0.2, d.ErrorRate, 9));
    }

    [Fact]
    public void Mismatched_sizes_are_refused() =>
        Assert.Throws<ArgumentException>(() => new UncertaintyCalibration().Add(new byte[3], new byte[3], new byte[2]));
}
