using CloudMask.Nn.Losses;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Tests.Losses;

public class LossTests
{
    private static readonly int[] Labels = [0, 1, 2, 1, 1, 0, 2, 2];

    private static Tensor Logits(int seed) => Tensor.RandomNormal(new Random(seed), 1.5f, 2, 3, 2, 2);

    [Fact]
    public void Soft_dice_matches_the_formula_by_hand()
    {
        // Two classes, one pixel: logits (0, 0) give p = (0.5, 0.5); y = (1, 0).
        using var logits = Tensor.FromArray([0f, 0f], 1, 2, 1, 1);
        using var target = Tensor.FromArray([1f, 0f], 1, 2, 1, 1);
        var result = SoftDiceLoss.Compute(logits, target);
        Assert.Equal(1 - (2 * 0.5 + 1) / (1 + 0.5 + 1), result.Value, 6);
    }

    [Fact]
    public void Soft_dice_of_a_confident_correct_prediction_is_near_zero()
    {
        using var target = Targets.OneHot(Labels, 2, 3, 2, 2);
        using var logits = Tensor.ZerosLike(target);
        for (var i = 0; i < target.Length; i++) logits.Span[i] = target.Span[i] * 30f;
        Assert.InRange(SoftDiceLoss.Compute(logits, target).Value, 0f, 1e-5f);
    }

    [Fact]
    public void Cross_entropy_with_weights_and_ignore_label_matches_the_formula()
    {
        // One pixel per sample, 2 classes, logits (0, ln 3): p = (0.25, 0.75).
        using var logits = Tensor.FromArray([0f, MathF.Log(3), 0f, MathF.Log(3), 0f, MathF.Log(3)], 3, 2);
        var loss = new CrossEntropyLoss([2f, 1f], ignoreLabel: 9).Compute(logits, [0, 1, 9]);
        var expected = (2 * -Math.Log(0.25) + 1 * -Math.Log(0.75)) / 3;
        Assert.Equal(expected, loss.Value, 5);
        Assert.Equal([0f, 0f], loss.Gradient.ToArray()[4..]);
    }

    [Fact]
    public void Cross_entropy_rejects_labels_outside_the_classes()
    {
        using var logits = new Tensor(1, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss().Compute(logits, [2]));
    }

    [Fact]
    public void Loss_gradients_match_finite_differences()
    {
        using var target = Targets.OneHot(Labels, 2, 3, 2, 2);
        var weighted = new WeightedSoftDiceLoss([1f, 2f, 0.5f]);
        var crossEntropy = new CrossEntropyLoss([1f, 3f, 0.5f], ignoreLabel: 2);
        CheckLoss(x => SoftDiceLoss.Compute(x, target), Logits(1));
        CheckLoss(x => weighted.Compute(x, target), Logits(2));
        CheckLoss(x => crossEntropy.Compute(x, Labels), Logits(3));
    }

    [Fact]
    public void Weighted_dice_with_one_weight_is_that_class_dice()
    {
        using var target = Targets.OneHot(Labels, 2, 3, 2, 2);
        using var logits = Logits(4);
        using var p = CloudMask.Nn.Modules.SoftmaxKernel.Forward(logits);
        double inter = 0, y2 = 0, p2 = 0;
        for (var b = 0; b < 2; b++)
        for (var k = 0; k < 4; k++)
        {
            var i = (b * 3 + 1) * 4 + k;
            inter += target.Span[i] * p.Span[i]; y2 += target.Span[i] * target.Span[i]; p2 += p.Span[i] * p.Span[i];
        }
        var result = new WeightedSoftDiceLoss([0f, 1f, 0f]).Compute(logits, target);
        Assert.Equal(1 - (2 * inter + 1) / (y2 + p2 + 1), result.Value, 5);
    }

    private static void CheckLoss(Func<Tensor, LossResult> loss, Tensor logits)
    {
        var gradient = loss(logits).Gradient.ToArray();
        const float eps = 1e-2f;
        for (var i = 0; i < logits.Length; i++)
        {
            var saved = logits.Span[i];
            logits.Span[i] = saved + eps; var plus = loss(logits).Value;
            logits.Span[i] = saved - eps; var minus = loss(logits).Value;
            logits.Span[i] = saved;
            var numeric = (plus - minus) / (2 * eps);
            Assert.True(Math.Abs(numeric - gradient[i]) < 2e-3 + 2e-2 * Math.Abs(numeric), $"[{i}] numeric {numeric}, analytic {gradient[i]}");
        }
    }
}
