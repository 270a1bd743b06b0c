using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Tests.Modules;

/// <summary>Forward values worked out by hand (or quoted from PyTorch where stated).</summary>
public class LayerValueTests
{
    private static float[] Eval(Module m, Tensor x) => m.Eval().Forward(x).ToArray();

    [Fact]
    public void Activations_give_textbook_values()
    {
        var x = Tensor.FromArray([-2f, 0f, 1f], 1, 3);
        Assert.Equal([0f, 0f, 1f], Eval(new ReLU(), x));
        Assert.Equal([-0.2f, 0f, 1f], Eval(new LeakyReLU(0.1f), x));
        var sig = Eval(new Sigmoid(), x);
        Assert.Equal(1 / (1 + Math.Exp(2)), sig[0], 6);
        Assert.Equal(0.5, sig[1], 6);
        var gelu = Eval(new GELU(), x);
        Assert.Equal(-0.0455003, gelu[0], 5); // torch.nn.functional.gelu(-2.)
        Assert.Equal(0.8413447, gelu[2], 5);  // 1 * Phi(1)
    }

    [Fact]
    public void Max_and_average_pooling_of_a_4x4_ramp()
    {
        var x = Tensor.FromArray(Enumerable.Range(0, 16).Select(i => (float)i).ToArray(), 1, 1, 4, 4);
        Assert.Equal([5f, 7f, 13f, 15f], Eval(new MaxPool2d(2), x));
        Assert.Equal([2.5f, 4.5f, 10.5f, 12.5f], Eval(new AvgPool2d(2), x));
    }

    [Fact]
    public void Upsampling_matches_pytorch()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 1, 1, 2, 2);
        Assert.Equal([1f, 1f, 2f, 2f, 1f, 1f, 2f, 2f, 3f, 3f, 4f, 4f, 3f, 3f, 4f, 4f], Eval(new Upsample(2), x));
        // torch.nn.functional.interpolate(x, scale_factor=2, mode='bilinear', align_corners=False)
        Assert.Equal([1f, 1.25f, 1.75f, 2f, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3f, 3.25f, 3.75f, 4f],
            Eval(new Upsample(2, UpsampleMode.Bilinear), x));
    }

    [Fact]
    public void Softmax_over_channels_sums_to_one_per_pixel()
    {
        var x = Tensor.FromArray([0f, 1f, 0f, 2f], 1, 2, 1, 2);
        var y = Eval(new Softmax(), x);
        Assert.Equal(0.5f, y[0], 6);
        Assert.Equal(1 / (1 + MathF.E), y[1], 6);
        Assert.Equal(1f, y[1] + y[3], 6);
    }

    [Fact]
    public void Batch_norm_training_normalises_and_updates_running_statistics()
    {
        var bn = new BatchNorm2d(1, momentum: 0.5f);
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 1, 1, 2, 2);
        var y = bn.Train().Forward(x).ToArray();
        var invStd = 1 / MathF.Sqrt(1.25f + 1e-5f);
        Assert.Equal([-1.5f * invStd, -0.5f * invStd, 0.5f * invStd, 1.5f * invStd], y, new FloatComparer(1e-5f));
        Assert.Equal(0.5f * 2.5f, bn.RunningMean.Span[0], 5);
        Assert.Equal(0.5f * 1f + 0.5f * (5f / 3f), bn.RunningVar.Span[0], 5); // unbiased variance 5/3
        var evaluated = Eval(bn, x);
        Assert.Equal((1f - 1.25f) / MathF.Sqrt(0.5f + 5f / 6f + 1e-5f), evaluated[0], 5);
    }

    [Fact]
    public void Batch_norm_with_frozen_statistics_trains_as_it_infers_and_keeps_its_statistics()
    {
        var bn = new BatchNorm2d(1) { FrozenStatistics = true };
        bn.RunningMean.Span[0] = 2f; bn.RunningVar.Span[0] = 4f;
        bn.Weight.Data.Span[0] = 3f; bn.Bias.Data.Span[0] = 1f;
        var x = Tensor.FromArray([1f, 2f, 3f, 6f], 1, 1, 2, 2);
        var trained = bn.Train().Forward(x).ToArray();
        var s = 3f / MathF.Sqrt(4f + 1e-5f);
        Assert.Equal([1 - s, 1f, 1 + s, 1 + 4 * s], trained, new FloatComparer(1e-5f));
        Assert.Equal(2f, bn.RunningMean.Span[0]);
        Assert.Equal(4f, bn.RunningVar.Span[0]);
        // The gradient treats the statistics as constants: dx = gamma / sqrt(var + eps) dy.
        var dx = bn.Backward(Tensor.FromArray([1f, 0f, -2f, 0.5f], 1, 1, 2, 2)).ToArray();
        Assert.Equal([s, 0f, -2 * s, 0.5f * s], dx, new FloatComparer(1e-5f));
        Assert.Equal(trained, Eval(bn, x), new FloatComparer(1e-6f));
    }

    [Fact]
    public void Batch_norm_statistics_average_covers_the_spread_between_batches()
    {
        var bn = new BatchNorm2d(1, momentum: 0.1f);
        bn.Train();
        bn.BeginStatisticsAverage();
        bn.Forward(Tensor.FromArray([0f, 2f], 1, 1, 1, 2));   // mean 1, variance 1
        bn.Forward(Tensor.FromArray([4f, 6f], 1, 1, 1, 2));   // mean 5, variance 1
        Assert.Equal(2, bn.EndStatisticsAverage());
        // Pooled over all four values 0, 2, 4, 6: mean 3, variance 5 (not the mean of the batch variances, 1).
        Assert.Equal(3f, bn.RunningMean.Span[0], 5);
        Assert.Equal(5f, bn.RunningVar.Span[0], 5);
        // Afterwards the exponential average with the module's momentum applies again.
        bn.Forward(Tensor.FromArray([13f, 13f], 1, 1, 1, 2));
        Assert.Equal(0.9f * 3f + 0.1f * 13f, bn.RunningMean.Span[0], 5);
    }

    [Fact]
    public void Dropout_zeroes_about_p_scales_the_rest_and_is_identity_in_eval()
    {
        var dropout = new Dropout(0.25f, new Random(1));
        using var x = Tensor.Full(1f, 1, 1, 100, 100);
        var y = dropout.Train().Forward(x).ToArray();
        var zeros = y.Count(v => v == 0);
        Assert.InRange(zeros, 2300, 2700);
        Assert.All(y.Where(v => v != 0), v => Assert.Equal(1f / 0.75f, v, 6));
        Assert.Same(x, dropout.Eval().Forward(x));
    }

    [Fact]
    public void Linear_computes_xWT_plus_b()
    {
        var linear = new Linear(2, 1);
        linear.Weight.Data.Span[0] = 2; linear.Weight.Data.Span[1] = -1; linear.Bias!.Data.Span[0] = 0.5f;
        Assert.Equal([2f * 3 - 4 + 0.5f], Eval(linear, Tensor.FromArray([3f, 4f], 1, 2)));
    }

    [Fact]
    public void Fused_inference_equals_layer_by_layer_evaluation()
    {
        var random = new Random(5);
        var conv = new Conv2d(3, 16, 3, padding: 1, random: random);
        var bn = new BatchNorm2d(16);
        // Non-trivial running statistics and affine parameters.
        for (var c = 0; c < 16; c++)
        {
            bn.RunningMean.Span[c] = (float)random.NextDouble() - 0.5f; bn.RunningVar.Span[c] = 0.5f + (float)random.NextDouble();
            bn.Weight.Data.Span[c] = 0.5f + (float)random.NextDouble(); bn.Bias.Data.Span[c] = (float)random.NextDouble() - 0.5f;
        }
        var net = new Sequential(conv, bn, new ReLU()).Eval();
        using var x = Tensor.RandomNormal(random, 1f, 2, 3, 8, 8);

        using var fused = net.Forward(x);
        using var expected = new ReLU().Eval().Forward(bn.Forward(conv.Forward(x)));

        Assert.True(TensorMath.MaxRelativeError(fused, expected) < 1e-4f);
    }

    [Fact]
    public void Transposed_convolution_with_stride_2_doubles_the_size()
    {
        var up = new ConvTranspose2d(2, 3, 2, stride: 2, random: new Random(1));
        using var y = up.Eval().Forward(new Tensor(1, 2, 5, 4));
        Assert.Equal([1, 3, 10, 8], y.Shape.ToArray());
    }

    private sealed class FloatComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}
