using CloudMask.Masking.Classes;
using CloudMask.Masking.Evaluation;
using CloudMask.Raster;
using CloudMask.TestSupport;

namespace CloudMask.Masking.Tests;

/// <summary>Metrics on a hand-made 4x4 example, every expected value computed by hand.</summary>
public class EvaluationTests
{
    private static readonly byte[] Labels =
    [
        1, 1, 1, 1,
        2, 2, 3, 3,
        4, 4, 4, 4,
        0, 5, 1, 4,
    ];

    private static readonly byte[] Predictions =
    [
        1, 1, 2, 1,
        2, 1, 3, 4,
        4, 4, 3, 4,
        4, 4, 1, 1,
    ];

    [Fact]
    public void Confusion_matrix_ignores_missing_and_undefined_labels()
    {
        var m = new ConfusionMatrix();
        m.Add(Labels, Predictions);
        Assert.Equal(14, m.Total);
        Assert.Equal(4, m[MaskClass.Clear, MaskClass.Clear]);
        Assert.Equal(1, m[MaskClass.Clear, MaskClass.CloudShadow]);
        Assert.Equal(1, m[MaskClass.CloudShadow, MaskClass.Clear]);
        Assert.Equal(1, m[MaskClass.SemiTransparentCloud, MaskClass.Cloud]);
        Assert.Equal(3, m[MaskClass.Cloud, MaskClass.Cloud]);
        Assert.Equal(1, m[MaskClass.Cloud, MaskClass.Clear]);
        Assert.Equal(9.0 / 14, m.OverallAccuracy, 12);
    }

    /// <summary>Cloud optical thickness of the 4x4 example's pixels, consistent with its labels
    /// (thin 0.3-8, cloud 8+; clear below 0.3, shadow and ignored pixels anything).</summary>
    private static readonly float[] Depth =
    [
        0f, 0.05f, 0.2f, 0.2f,
        0f, 0f, 0.4f, 0.45f,
        9f, 20f, 30f, 8f,
        0f, 0f, float.NaN, 12f,
    ];

    [Fact]
    public void Evaluation_breaks_predictions_down_by_the_optical_thickness_file_beside_the_labels()
    {
        using var folder = new TempFolder("depth");
        void Save<T>(string file, T[] values, RasterDataType type) where T : unmanaged
        {
            using var r = new InMemoryRaster(4, 4, 1, type);
            r.Write<T>(1, values);
            r.SaveAs(folder.File(file), RasterFormat.GeoTiff);
        }
        Save("chip.label.tif", Labels, RasterDataType.Byte);
        Save("chip.mask.tif", Predictions, RasterDataType.Byte);
        Directory.CreateDirectory(folder.File("plain"));
        File.Copy(folder.File("chip.label.tif"), folder.File("plain/chip.label.tif"));
        Save("chip.optical-depth.tif", Depth, RasterDataType.Float32);

        var pairs = ChipPairs.Masks(folder.Path, folder.Path);
        var report = Evaluator.EvaluateMasks("m", pairs, ExternalMaskScheme.CloudMask, ExternalMaskScheme.CloudMask);
        var depth = report.OpticalDepth!;

        // 0-0.1: the clear pixels (0, 0.05) -> clear, clear; shadow, missing and undefined pixels are left out.
        Assert.Equal(2, depth.Pixels(0));
        Assert.Equal(1.0, depth.Share(0, MaskClass.Clear));
        // 0.1-0.3: two clear pixels at 0.2, predicted shadow and clear.
        Assert.Equal((2, 0.5, 0.5), (depth.Pixels(1), depth.Share(1, MaskClass.Clear), depth.Share(1, MaskClass.CloudShadow)));
        // 0.3-0.5: the thin pixels, predicted thin and cloud.
        Assert.Equal((2, 0.5, 0.5), (depth.Pixels(2), depth.Share(2, MaskClass.SemiTransparentCloud), depth.Share(2, MaskClass.Cloud)));
        // 8-16: 9, 8 and 12 -> cloud, cloud, clear; 16+: 20, 30 -> cloud, thin. The NaN pixel is skipped.
        Assert.Equal((3, 2.0 / 3, 1.0 / 3), (depth.Pixels(7), depth.Share(7, MaskClass.Cloud), depth.Share(7, MaskClass.Clear)));
        Assert.Equal((2, 0.5, 0.5), (depth.Pixels(8), depth.Share(8, MaskClass.Cloud), depth.Share(8, MaskClass.SemiTransparentCloud)));
        Assert.Equal(0, depth.Pixels(4));
        Assert.Equal("0.3-0.5", OpticalDepthBreakdown.RangeName(2));
        Assert.Equal("16+", OpticalDepthBreakdown.RangeName(8));
        // Without the file there is no breakdown, and the other numbers do not change.
        var plain = Evaluator.EvaluateMasks("m", ChipPairs.Masks(folder.File("plain"), folder.Path), ExternalMaskScheme.CloudMask, ExternalMaskScheme.CloudMask);
        Assert.Null(plain.OpticalDepth);
        Assert.Equal(9.0 / 14, plain.Total.OverallAccuracy, 12);
        Assert.Equal(9.0 / 14, report.Total.OverallAccuracy, 12);
    }

    [Fact]
    public void Per_class_precision_recall_and_dice_match_hand_computation()
    {
        var m = new ConfusionMatrix();
        m.Add(Labels, Predictions);
        var clear = m.Metrics(MaskClass.Clear);
        Assert.Equal((4.0 / 6, 4.0 / 5, 8.0 / 11), (clear.Precision, clear.Recall, clear.Dice));
        var shadow = m.Metrics(MaskClass.CloudShadow);
        Assert.Equal((0.5, 0.5, 0.5), (shadow.Precision, shadow.Recall, shadow.Dice));
        var thin = m.Metrics(MaskClass.SemiTransparentCloud);
        Assert.Equal((0.5, 0.5, 0.5), (thin.Precision, thin.Recall, thin.Dice));
        var cloud = m.Metrics(MaskClass.Cloud);
        Assert.Equal((3.0 / 4, 3.0 / 5, 6.0 / 9), (cloud.Precision, cloud.Recall, cloud.Dice));
        Assert.Equal((8.0 / 11 + 0.5 + 0.5 + 6.0 / 9) / 4, m.MeanDice, 12);
        Assert.Equal(0.8, m.RowNormalised()[0, 0], 12); // recall of clear on the diagonal
    }

    [Fact]
    public void Three_class_labels_count_thin_cloud_as_cloud_on_both_sides()
    {
        // Merged, the 14 scored pixels are: clear 4 right, 1 called shadow; shadow 1 right, 1 called clear;
        // cloud (thin labels and thin predictions included) 6 right, 1 called clear.
        var report = new EvaluationReport("m", LabelClassSet.Three);
        report.Add("chip", Labels, Predictions);
        var m = report.Total;
        Assert.Equal(11.0 / 14, m.OverallAccuracy, 12);
        Assert.Equal(0, m[MaskClass.SemiTransparentCloud, MaskClass.SemiTransparentCloud] + m[MaskClass.Cloud, MaskClass.SemiTransparentCloud]);
        Assert.Equal(12.0 / 13, m.Metrics(MaskClass.Cloud).Dice, 12);
        Assert.Equal(8.0 / 11, m.Metrics(MaskClass.Clear).Dice, 12);
        Assert.Equal(0.5, m.Metrics(MaskClass.CloudShadow).Dice, 12);
        Assert.Equal((8.0 / 11 + 0.5 + 12.0 / 13) / 3, m.MeanDice, 12); // thin occurs nowhere, so it is not averaged
        Assert.Equal("m 3-class", report.Name);
    }

    [Fact]
    public void Two_class_labels_also_count_shadow_as_clear()
    {
        // Merged: clear 7 right (shadow on both sides now clear), cloud 6 right, 1 cloud pixel called clear.
        var report = new EvaluationReport("m", LabelClassSet.Two);
        report.Add("chip", Labels, Predictions);
        var m = report.Total;
        Assert.Equal(13.0 / 14, m.OverallAccuracy, 12);
        Assert.Equal(14.0 / 15, m.Metrics(MaskClass.Clear).Dice, 12);
        Assert.Equal((14.0 / 15 + 12.0 / 13) / 2, m.MeanDice, 12);
        Assert.Equal(12.0 / 13, report.CloudyF1(), 12);
        // The inputs are not changed: the four-class report of the same arrays is as before.
        var four = new EvaluationReport("m");
        four.Add("chip", Labels, Predictions);
        Assert.Equal(9.0 / 14, four.Total.OverallAccuracy, 12);
    }

    [Fact]
    public void Labels_without_shadow_count_shadow_as_clear_and_keep_thin_cloud_apart()
    {
        // Merged: clear 7 labelled (2 of them shadow before), all 7 predicted clear, and the cloud pixel
        // called clear makes 8 predicted; thin 1 of 2 right (the other called cloud), 1 cloud called thin;
        // cloud 3 of 5 right. Shadow occurs on neither side, so it is not averaged.
        var report = new EvaluationReport("m", LabelClassSet.NoShadow);
        report.Add("chip", Labels, Predictions);
        var m = report.Total;
        Assert.Equal(11.0 / 14, m.OverallAccuracy, 12);
        Assert.Equal(14.0 / 15, m.Metrics(MaskClass.Clear).Dice, 12);
        Assert.Equal(0.5, m.Metrics(MaskClass.SemiTransparentCloud).Dice, 12);
        Assert.Equal(6.0 / 9, m.Metrics(MaskClass.Cloud).Dice, 12);
        Assert.Equal(0, m[MaskClass.CloudShadow, MaskClass.CloudShadow] + m[MaskClass.Clear, MaskClass.CloudShadow]);
        Assert.Equal((14.0 / 15 + 0.5 + 6.0 / 9) / 3, m.MeanDice, 12);
        Assert.Equal("m no-shadow", report.Name);
        Assert.Equal(3, LabelClassSets.ClassCount(LabelClassSet.NoShadow));
    }

    [Theory]
    [InlineData("4", LabelClassSet.Four)]
    [InlineData(" 3", LabelClassSet.Three)]
    [InlineData("2", LabelClassSet.Two)]
    [InlineData("No-Shadow", LabelClassSet.NoShadow)]
    public void Label_class_sets_parse_from_their_counts(string text, LabelClassSet expected) =>
        Assert.Equal(expected, LabelClassSets.Parse(text));

    [Fact]
    public void An_unknown_label_class_count_is_refused_with_the_choices() =>
        Assert.Contains("expected 4", Assert.Throws<ArgumentException>(() => LabelClassSets.Parse("5")).Message);

    [Fact]
    public void CloudSen12_balanced_accuracy_matches_hand_computation()
    {
        var protocol = new CloudSen12Protocol();
        protocol.AddChip(Labels, Predictions);
        var cloud = protocol.Chips(CloudSen12Protocol.Problem.Cloud)[0];
        Assert.Equal((6, 0, 1, 7), (cloud.TruePositives, cloud.FalsePositives, cloud.FalseNegatives, cloud.TrueNegatives));
        Assert.Equal((6.0 / 7 + 1) / 2, protocol.MedianBalancedAccuracy(CloudSen12Protocol.Problem.Cloud), 12);
    }

    [Fact]
    public void Median_is_taken_over_chips_where_the_problem_is_defined()
    {
        var protocol = new CloudSen12Protocol();
        protocol.AddChip([1, 1, 1, 1], [1, 1, 1, 1]);     // no cloud in the label: cloud BOA undefined
        protocol.AddChip([4, 4, 1, 1], [4, 1, 1, 1]);     // PA 0.5, TNR 1 -> 0.75
        protocol.AddChip([4, 1, 1, 1], [4, 4, 1, 1]);     // PA 1, TNR 2/3 -> 5/6
        Assert.Equal((0.75 + 5.0 / 6) / 2, protocol.MedianBalancedAccuracy(CloudSen12Protocol.Problem.Cloud), 12);
    }

    [Theory]
    [InlineData("scl", 3, MaskClass.CloudShadow)]
    [InlineData("scl", 10, MaskClass.SemiTransparentCloud)]
    [InlineData("scl", 9, MaskClass.Cloud)]
    [InlineData("scl", 7, MaskClass.Undefined)]
    [InlineData("scl", 1, MaskClass.Missing)]
    [InlineData("fmask", 3, MaskClass.Clear)]
    [InlineData("fmask", 2, MaskClass.CloudShadow)]
    [InlineData("cloudsen12", 2, MaskClass.SemiTransparentCloud)]
    [InlineData("cloudsen12", 3, MaskClass.CloudShadow)]
    [InlineData("biome", 192, MaskClass.SemiTransparentCloud)]
    [InlineData("biome", 64, MaskClass.CloudShadow)]
    [InlineData("kappazeta", 0, MaskClass.Undefined)]
    [InlineData("kappazeta", 5, MaskClass.Missing)]
    [InlineData("s2cloudless", 1, MaskClass.Cloud)]
    public void External_codes_map_as_in_the_paper_table(string scheme, byte code, MaskClass expected) =>
        Assert.Equal(expected, ExternalMaskScheme.Parse(scheme).Map(code));

    [Fact]
    public void Unknown_scheme_lists_the_valid_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => ExternalMaskScheme.Parse("maja"));
        Assert.Contains("scl", e.Message);
        Assert.Contains("fmask", e.Message);
    }
}
