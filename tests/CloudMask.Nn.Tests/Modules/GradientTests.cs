using CloudMask.Nn.Models;
using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Tests.Modules;

/// <summary>Every module's Backward against finite differences of its Forward.</summary>
public class GradientTests
{
    private static Tensor Input(int seed, params int[] shape) => GradientCheck.AwayFromZero(new Random(seed), shape);

    [Fact] public void Conv2d_padded() => GradientCheck.Check(new Conv2d(3, 4, 3, padding: 1, random: new Random(1)), Input(1, 2, 3, 6, 5));
    [Fact] public void Conv2d_strided_dilated() => GradientCheck.Check(new Conv2d(4, 6, 3, stride: 2, padding: 2, dilation: 2, random: new Random(2)), Input(2, 1, 4, 9, 8));
    [Fact] public void Conv2d_grouped_without_bias() => GradientCheck.Check(new Conv2d(4, 6, 3, padding: 1, groups: 2, bias: false, random: new Random(3)), Input(3, 2, 4, 5, 5));
    [Fact] public void ConvTranspose2d_strided() => GradientCheck.Check(new ConvTranspose2d(4, 3, 2, stride: 2, random: new Random(4)), Input(4, 2, 4, 4, 3));
    [Fact] public void ConvTranspose2d_padded_grouped() => GradientCheck.Check(new ConvTranspose2d(4, 6, 3, padding: 1, groups: 2, random: new Random(5)), Input(5, 1, 4, 5, 5));
    [Fact] public void BatchNorm2d_training() => GradientCheck.Check(new BatchNorm2d(3), Input(6, 2, 3, 4, 4), eps: 1e-3f, atol: 1e-2);
    [Fact] public void BatchNorm2d_frozen_statistics() => GradientCheck.Check(FrozenBatchNorm(), Input(22, 2, 3, 4, 4), eps: 1e-3f, atol: 1e-2);
    [Fact] public void ReLU() => GradientCheck.Check(new ReLU(), Input(7, 2, 3, 4, 4));
    [Fact] public void LeakyReLU() => GradientCheck.Check(new LeakyReLU(0.2f), Input(8, 2, 3, 4, 4));
    [Fact] public void GELU() => GradientCheck.Check(new GELU(), Input(9, 2, 3, 4, 4));
    [Fact] public void Sigmoid() => GradientCheck.Check(new Sigmoid(), Input(10, 2, 3, 4, 4));
    [Fact] public void MaxPool2d() => GradientCheck.Check(new MaxPool2d(2), Input(11, 2, 3, 6, 6), eps: 1e-3f);
    [Fact] public void MaxPool2d_overlapping_padded() => GradientCheck.Check(new MaxPool2d(3, stride: 2, padding: 1), Input(12, 1, 2, 7, 7), eps: 1e-3f);
    [Fact] public void AvgPool2d_padded() => GradientCheck.Check(new AvgPool2d(3, stride: 2, padding: 1), Input(13, 1, 2, 7, 6));
    [Fact] public void Upsample_nearest() => GradientCheck.Check(new Upsample(2), Input(14, 1, 2, 3, 4));
    [Fact] public void Upsample_bilinear() => GradientCheck.Check(new Upsample(3, UpsampleMode.Bilinear), Input(15, 1, 2, 3, 4));
    [Fact] public void Softmax() => GradientCheck.Check(new Softmax(), Input(16, 2, 4, 3, 3), eps: 1e-3f);
    [Fact] public void Linear() => GradientCheck.Check(new Linear(5, 3, random: new Random(17)), Input(17, 4, 5));

    [Fact]
    public void Residual_block() => GradientCheck.Check(
        new Residual(new Sequential(new Conv2d(3, 3, 3, padding: 1, random: new Random(18)), new LeakyReLU(0.1f))), Input(18, 2, 3, 5, 5), eps: 1e-3f);

    [Fact]
    public void Skip_concatenation_with_pooling_and_upsampling() => GradientCheck.Check(
        new SkipConcat(new Sequential(new MaxPool2d(2), new Conv2d(2, 3, 3, padding: 1, random: new Random(19)), new Upsample(2))),
        Input(19, 1, 2, 6, 6), eps: 1e-3f);

    /// <summary>A whole encoder-decoder with every composition at once. GELU and average pooling
    /// keep it smooth: ReLU networks cross kinks under any finite step, which hides real errors.</summary>
    [Fact]
    public void Smooth_encoder_decoder_with_skip_residual_and_batch_norm()
    {
        var random = new Random(21);
        var net = new Sequential(
            new Conv2d(3, 4, 3, padding: 1, random: random), new BatchNorm2d(4), new GELU(),
            new SkipConcat(new Sequential(
                new AvgPool2d(2), new Conv2d(4, 8, 3, padding: 1, random: random), new GELU(),
                new Residual(new Sequential(new Conv2d(8, 8, 3, padding: 1, random: random), new Sigmoid())),
                new ConvTranspose2d(8, 4, 2, stride: 2, random: random))),
            new Conv2d(8, 4, 3, padding: 1, random: random), new GELU(),
            new Upsample(2, UpsampleMode.Bilinear), new Conv2d(4, 2, 1, random: random));
        GradientCheck.CheckDirectional(net, Input(21, 2, 3, 8, 8), eps: 1e-3f, rtol: 1e-2);
    }

    private static BatchNorm2d FrozenBatchNorm()
    {
        var bn = new BatchNorm2d(3) { FrozenStatistics = true };
        for (var c = 0; c < 3; c++) { bn.RunningMean.Span[c] = 0.3f * c - 0.2f; bn.RunningVar.Span[c] = 0.5f + c; bn.Weight.Data.Span[c] = 1.5f - 0.4f * c; }
        return bn;
    }
}
