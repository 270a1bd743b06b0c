using CloudMask.Masking.Classes;
using CloudMask.Masking.Data;
using CloudMask.Masking.Training;
using CloudMask.Nn.Losses;
using CloudMask.Nn.Tensors;

namespace CloudMask.Masking.Tests;

/// <summary>Labels that merge classes (a cloud/clear mask, no thin class, no shadow) train on what they say.</summary>
public class ClassSetTargetTests
{
    [Theory]
    [InlineData(LabelClassSet.Four, 4, 3)]
    [InlineData(LabelClassSet.Four, 1, 0)]
    [InlineData(LabelClassSet.Two, 4, TrainingBatch.SetBase + 4 + 8)]  // thin or cloud
    [InlineData(LabelClassSet.Two, 1, TrainingBatch.SetBase + 1 + 2)]  // clear or shadow
    [InlineData(LabelClassSet.Three, 4, TrainingBatch.SetBase + 4 + 8)]
    [InlineData(LabelClassSet.Three, 2, 1)]                            // shadow is its own class there
    [InlineData(LabelClassSet.NoShadow, 1, TrainingBatch.SetBase + 1 + 2)]
    [InlineData(LabelClassSet.NoShadow, 3, 2)]
    [InlineData(LabelClassSet.Two, 5, TrainingBatch.Ignore)]
    [InlineData(LabelClassSet.Two, 0, TrainingBatch.Ignore)]
    public void Label_codes_become_the_classes_they_allow(LabelClassSet classes, byte code, int expected) =>
        Assert.Equal(expected, TrainingBatch.TargetOf(code, classes));

    [Fact]
    public void A_one_class_target_gives_the_engines_weighted_cross_entropy()
    {
        using var logits = Tensor.RandomNormal(new Random(4), 1f, 1, 4, 2, 3);
        int[] plain = [0, 3, 1, 2, TrainingBatch.Ignore, 3];
        // One set target in the batch sends it through the class-set path; the plain pixels must count as before.
        int[] mixed = [0, 3, 1, 2, TrainingBatch.Ignore, TrainingBatch.SetBase + 8];
        float[] weights = [1, 3, 2, 1];
        var reference = new CrossEntropyLoss(weights, TrainingBatch.Ignore).Compute(logits, plain);
        var loss = new SegmentationLoss(LossKind.CrossEntropyDice, weights);
        var dice = SegmentationLoss.MaskedDice(logits, mixed); // the set pixel is left out of the dice
        var result = loss.Compute(logits, mixed);
        Assert.Equal(reference.Value + dice.Value, result.Value, 4);
        for (var i = 0; i < logits.Length; i++)
            Assert.Equal(reference.Gradient.Span[i] + dice.Gradient.Span[i], result.Gradient.Span[i], 5);
    }

    [Fact]
    public void A_set_target_costs_minus_log_of_its_summed_probability_and_the_gradient_matches_finite_differences()
    {
        using var logits = Tensor.RandomNormal(new Random(5), 1f, 1, 4, 1, 2);
        int[] targets = [TrainingBatch.SetBase + 4 + 8, TrainingBatch.SetBase + 1 + 2]; // thin-or-cloud, clear-or-shadow
        float[] weights = [1, 3, 2, 1];
        var loss = new SegmentationLoss(LossKind.CrossEntropyDice, weights);
        var result = loss.Compute(logits, targets);

        using var p = Nn.Modules.SoftmaxKernel.Forward(logits);
        double P(int c, int k) => p.Span[c * 2 + k];
        // Weights: the smaller class weight of each set (1 for both sets here); the dice sees no pixel: 1 - 1/1 = 0.
        var expected = (-Math.Log(P(2, 0) + P(3, 0)) - Math.Log(P(0, 1) + P(1, 1))) / 2;
        Assert.Equal(expected, result.Value, 4);

        const float h = 1e-2f;
        for (var i = 0; i < logits.Length; i++)
        {
            var saved = logits.Span[i];
            logits.Span[i] = saved + h;
            var plus = loss.Compute(logits, targets);
            logits.Span[i] = saved - h;
            var minus = loss.Compute(logits, targets);
            logits.Span[i] = saved;
            Assert.Equal((plus.Value - minus.Value) / (2 * h), result.Gradient.Span[i], 3);
            plus.Gradient.Dispose();
            minus.Gradient.Dispose();
        }
    }

    [Fact]
    public void Thin_or_thick_cloud_are_both_right_for_a_two_class_cloud_label()
    {
        // A confident thin-cloud call and a confident thick-cloud call cost the same (nearly nothing) on a binary cloud label,
        // while calling it clear costs a lot: the network is taught cloud vs clear, not where thin ends.
        var loss = new SegmentationLoss(LossKind.CrossEntropyDice);
        int[] target = [TrainingBatch.SetBase + 4 + 8];
        float Cost(int favoured)
        {
            using var logits = new Tensor(1, 4, 1, 1);
            logits.Span[favoured] = 8;
            var r = loss.Compute(logits, target);
            r.Gradient.Dispose();
            return r.Value;
        }
        Assert.True(Cost(2) < 0.01f);
        Assert.Equal(Cost(2), Cost(3), 5);
        Assert.True(Cost(0) > 5f);
    }
}

public class ShadowOnlyLabelTests
{
    [Fact]
    public void Unlabelled_pixels_of_shadow_only_labels_are_anything_but_shadow_and_other_sets_ignore_them()
    {
        Assert.Equal(TrainingBatch.SetBase + 1 + 4 + 8, TrainingBatch.TargetOf(5, LabelClassSet.ShadowOnly));
        Assert.Equal(1, TrainingBatch.TargetOf(2, LabelClassSet.ShadowOnly));
        Assert.Equal(TrainingBatch.Ignore, TrainingBatch.TargetOf(5, LabelClassSet.Four));
        Assert.Equal(TrainingBatch.Ignore, TrainingBatch.TargetOf(0, LabelClassSet.ShadowOnly));
    }

    [Fact]
    public void Pixels_next_to_a_painted_shadow_are_ignored_and_farther_ones_kept()
    {
        // One painted shadow pixel in the middle of a 9 x 9 unlabelled chip; margin 3.
        var labels = Enumerable.Repeat((byte)5, 81).ToArray();
        labels[4 * 9 + 4] = 2;
        ChipFolderSource.IgnoreNearPaintedEdges(labels, 9, 9, 3);
        Assert.Equal(2, labels[4 * 9 + 4]);
        Assert.Equal(0, labels[1 * 9 + 1]); // 3 px away diagonally: ignored
        Assert.Equal(5, labels[0 * 9 + 0]); // 4 px away: still "not shadow"
        Assert.Equal(5, labels[4 * 9 + 8]);
        Assert.Equal(48, labels.Count(l => l == 0));
    }
}
