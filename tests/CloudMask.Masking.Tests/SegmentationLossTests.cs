using CloudMask.Masking.Data;
using CloudMask.Masking.Training;
using CloudMask.Nn.Tensors;

namespace CloudMask.Masking.Tests;

public class SegmentationLossTests
{
    [Fact]
    public void Ignored_pixels_change_neither_the_loss_nor_get_a_gradient()
    {
        var random = new Random(1);
        using var logits = Tensor.RandomNormal(random, 1f, 1, 4, 2, 2);
        int[] targets = [0, 3, TrainingBatch.Ignore, 1];
        using var changed = logits.Clone();
        for (var c = 0; c < 4; c++) changed.Span[c * 4 + 2] += 5f * (c + 1); // only the ignored pixel
        foreach (var kind in Enum.GetValues<LossKind>())
        {
            var loss = new SegmentationLoss(kind, [1, 3, 2, 1]);
            var a = loss.Compute(logits, targets);
            var b = loss.Compute(changed, targets);
            Assert.Equal(a.Value, b.Value, 5);
            for (var c = 0; c < 4; c++) Assert.Equal(0f, a.Gradient.Span[c * 4 + 2]);
        }
    }

    [Fact]
    public void Dice_matches_the_kappamask_formula_and_its_finite_differences()
    {
        var random = new Random(2);
        using var logits = Tensor.RandomNormal(random, 1f, 2, 4, 3, 3);
        var targets = Enumerable.Range(0, 18).Select(i => i % 7 == 0 ? TrainingBatch.Ignore : i % 4).ToArray();
        var result = SegmentationLoss.MaskedDice(logits, targets);

        // The formula by hand over the valid pixels: 1 - (2 sum(y p) + 1) / (sum(y^2) + sum(p^2) + 1).
        using var p = Nn.Modules.SoftmaxKernel.Forward(logits);
        double yp = 0, y2 = 0, p2 = 0;
        for (var n = 0; n < 2; n++)
            for (var k = 0; k < 9; k++)
            {
                var t = targets[n * 9 + k];
                if (t < 0) continue;
                y2++;
                for (var c = 0; c < 4; c++)
                {
                    var v = p.Span[(n * 4 + c) * 9 + k];
                    p2 += v * v;
                    if (c == t) yp += v;
                }
            }
        Assert.Equal(1 - (2 * yp + 1) / (y2 + p2 + 1), result.Value, 5);

        const float h = 1e-2f;
        for (var i = 0; i < logits.Length; i++)
        {
            var saved = logits.Span[i];
            logits.Span[i] = saved + h;
            var plus = SegmentationLoss.MaskedDice(logits, targets).Value;
            logits.Span[i] = saved - h;
            var minus = SegmentationLoss.MaskedDice(logits, targets).Value;
            logits.Span[i] = saved;
            Assert.Equal((plus - minus) / (2 * h), result.Gradient.Span[i], 3);
        }
    }
}
