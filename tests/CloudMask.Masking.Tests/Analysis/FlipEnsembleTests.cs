using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;

namespace CloudMask.Masking.Tests.Analysis;

public class FlipEnsembleTests
{
    [Fact]
    public void A_per_pixel_model_agrees_with_its_flips_so_mutual_information_is_zero()
    {
        var sample = AnalysisFakes.Sample("a", 48, 40, 0.9);
        var source = new Masking.Data.SampleSpectralSource(sample);
        var plain = new TiledPredictor(new AnalysisFakes.RedThresholdModel(), new TilingOptions(32, 8)).Predict(source, PredictionOutputs.Uncertainty);
        var ensemble = new TiledPredictor(new FlipEnsemble(new AnalysisFakes.RedThresholdModel()), new TilingOptions(32, 8)).Predict(source, PredictionOutputs.Uncertainty);
        Assert.Equal(plain.Mask, ensemble.Mask);
        Assert.All(ensemble.Uncertainty!, v => Assert.Equal(0, v));
        // The entropy of the same model is not zero (it is 90 % sure), so the band did change meaning.
        Assert.All(plain.Uncertainty!, v => Assert.True(v > 0));
    }

    [Fact]
    public void A_model_that_depends_on_orientation_disagrees_with_its_flips()
    {
        // Left half cloud, right half clear: flipped left-right the answer reverses, so the passes split 2:2.
        var tile = new SpectralTile([AnalysisFakes.Red], 8, 2, [new float[16]]);
        var mean = new float[4 * 16];
        var passEntropy = new float[16];
        new FlipEnsemble(new AnalysisFakes.LeftHalfModel()).Predict(tile, mean, passEntropy);
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(0.5f, mean[i], 5);         // clear
            Assert.Equal(0.5f, mean[3 * 16 + i], 5); // cloud
            Assert.Equal(0f, passEntropy[i], 5);     // every pass is certain
        }
        // Mutual information = ln 2 (the passes disagree completely between two classes) = half of ln 4: 255 x sqrt(1/2) = 180.
        Assert.Equal(180, Uncertainty.ScaledMutualInformation([0.5f, 0, 0, 0.5f], 0));
        Assert.Equal(128, Uncertainty.ScaledMutualInformation([0.25f, 0.25f, 0.25f, 0.25f], Math.Log(4) * 3 / 4));
    }

    [Fact]
    public void Dropout_is_refused_with_a_reason_and_unknown_methods_name_the_valid_ones()
    {
        Assert.Contains("no dropout", Assert.Throws<ArgumentException>(() => Uncertainty.Parse("dropout")).Message);
        Assert.Contains("entropy, flips", Assert.Throws<ArgumentException>(() => Uncertainty.Parse("mc")).Message);
        Assert.Equal(UncertaintyMethod.Flips, Uncertainty.MethodOf(new FlipEnsemble(new AnalysisFakes.RedThresholdModel())));
        Assert.Equal(UncertaintyMethod.Entropy, Uncertainty.MethodOf(new AnalysisFakes.RedThresholdModel()));
    }
}
