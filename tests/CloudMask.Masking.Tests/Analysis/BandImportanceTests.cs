using CloudMask.Masking.Analysis;

namespace CloudMask.Masking.Tests.Analysis;

public class BandImportanceTests
{
    private static readonly IReadOnlyList<Data.LabelledSample> Chips = [AnalysisFakes.Sample("a", 40, 30, 0.3), AnalysisFakes.Sample("b", 40, 30, 1.7)];

    [Fact]
    public void Zeroing_the_band_the_model_uses_costs_dice_and_zeroing_another_costs_nothing()
    {
        var report = BandImportance.Run(new AnalysisFakes.RedThresholdModel(), Chips, PerturbationKind.Zero);
        // The model reproduces the labels exactly: dice 1 for clear and cloud, no shadow or thin pixels.
        Assert.Equal(1, report.Baseline.PerClass[0], 9);
        Assert.Equal(1, report.Baseline.PerClass[3], 9);
        Assert.True(double.IsNaN(report.Baseline.PerClass[1]));
        Assert.Equal(2, report.Baseline.Sum, 9);
        var red = report.Bands.Single(b => b.Band == "B04");
        var blue = report.Bands.Single(b => b.Band == "B02");
        Assert.Equal(0, blue.SummedDrop, 9);
        // Red zeroed: everything predicted clear, so cloud dice is 0 and clear dice is 2 clear / (2 clear + cloud).
        Assert.Equal(1, red.DropPerClass[3], 9);
        long clear = Chips.Sum(c => c.Labels.Count(l => l == 1)), cloud = Chips.Sum(c => c.Labels.Count(l => l == 4));
        Assert.Equal(1 - 2.0 * clear / (2 * clear + cloud), red.DropPerClass[0], 9);
        Assert.Equal(report.Baseline.Sum - red.Dice.Sum, red.SummedDrop, 9);
    }

    [Fact]
    public void Shuffling_keeps_the_values_but_breaks_their_places()
    {
        var chip = Chips[0];
        var shuffled = BandImportance.Perturb(chip, 1, PerturbationKind.Shuffle, seed: 5);
        Assert.Equal(chip.Planes[1].Order(), shuffled.Order());
        Assert.NotEqual(chip.Planes[1], shuffled);
        var report = BandImportance.Run(new AnalysisFakes.RedThresholdModel(), Chips, PerturbationKind.Shuffle, seed: 5);
        // A shuffled red band keeps about the same share of cloud but puts it in the wrong places.
        Assert.InRange(report.Bands.Single(b => b.Band == "B04").SummedDrop, 0.3, 1.5);
        Assert.Equal(0, report.Bands.Single(b => b.Band == "B02").SummedDrop, 9);
    }
}
