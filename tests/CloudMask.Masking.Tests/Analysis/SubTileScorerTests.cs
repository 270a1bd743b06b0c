using CloudMask.Masking.Analysis;
using CloudMask.Masking.Tests.Analysis;

namespace CloudMask.Masking.Tests.Analysis;

public class SubTileScorerTests
{
    [Fact]
    public void Tiles_cover_the_image_with_the_last_one_moved_inside()
    {
        Assert.Equal([0, 512, 588], SubTileScorer.Starts(1100, 512));
        Assert.Equal([0, 512], SubTileScorer.Starts(1024, 512));
        Assert.Equal([0], SubTileScorer.Starts(300, 512));
    }

    [Fact]
    public void Scores_are_mean_uncertainty_plus_weighted_disagreement_over_valid_pixels()
    {
        // 8 x 4 image, tiles of 4: left tile all clear, uncertainty 51 (0.2), one pixel missing;
        // right tile: half cloud, uncertainty 255 (1.0); the reference disagrees on 2 of its 16 pixels.
        int w = 8, h = 4;
        var mask = new byte[w * h];
        var uncertainty = new byte[w * h];
        var reference = new byte[w * h];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var i = y * w + x;
                mask[i] = x < 4 ? (byte)1 : y < 2 ? (byte)4 : (byte)1;
                uncertainty[i] = x < 4 ? (byte)51 : (byte)255;
                reference[i] = mask[i];
            }
        mask[0] = 0; // missing: not counted
        reference[4] = 1; // (x 4, y 0): prediction cloud, reference clear
        reference[5] = 2;
        reference[6] = 5; // undefined in the reference: not compared
        var scores = new SubTileScorer(new AnalysisFakes.RedThresholdModel(), 4, disagreementWeight: 2).ScoreTiles("scene", w, h, mask, uncertainty, reference);
        Assert.Equal(2, scores.Count);
        var left = scores.Single(s => s.X == 0);
        Assert.Equal(15 / 16.0, left.ValidFraction, 9);
        Assert.Equal(0.2, left.MeanUncertainty, 9);
        Assert.Equal(0, left.Disagreement);
        Assert.Equal(0.2, left.Score, 9);
        Assert.Equal([1, 0, 0, 0], left.ClassFractions);
        var right = scores.Single(s => s.X == 4);
        Assert.Equal(1.0, right.MeanUncertainty, 9);
        Assert.Equal(2 / 15.0, right.Disagreement!.Value, 9);
        Assert.Equal(1.0 + 2 * 2 / 15.0, right.Score, 9);
        Assert.Equal([0.5, 0, 0, 0.5], right.ClassFractions);
    }

    [Fact]
    public void Tiles_mostly_without_data_are_left_out()
    {
        var mask = new byte[16]; // all missing
        Assert.Empty(new SubTileScorer(new AnalysisFakes.RedThresholdModel(), 4).ScoreTiles("scene", 4, 4, mask, new byte[16], null));
    }
}
