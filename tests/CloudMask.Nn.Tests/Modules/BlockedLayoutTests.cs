using CloudMask.Nn.Models;
using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Tests.Modules;

/// <summary>Inside a Sequential, convolutions and ReLUs pass oneDNN's blocked tensors to each other.
/// The results must equal those of the same layers applied one by one on plain tensors.</summary>
public class BlockedLayoutTests
{
    private static Module[] Layers(int seed)
    {
        var random = new Random(seed);
        return
        [
            new Conv2d(3, 16, 3, padding: 1, random: random), new ReLU(),
            new Conv2d(16, 32, 3, padding: 1, random: random), new LeakyReLU(0.1f),
            new Conv2d(32, 16, 3, stride: 2, padding: 1, random: random), new ReLU(), new MaxPool2d(2),
            new ConvTranspose2d(16, 16, 2, stride: 2, random: random), new Upsample(2), new Conv2d(16, 32, 3, padding: 1, random: random),
            new MaxPool2d(2), new Conv2d(32, 5, 1, random: random),
        ];
    }

    [Fact]
    public void Training_forward_and_backward_equal_the_plain_layer_by_layer_results()
    {
        var standalone = Layers(1);
        var chained = new Sequential(Layers(1));
        using var x = Tensor.RandomNormal(new Random(2), 1f, 2, 3, 16, 16);

        var plain = x;
        foreach (var layer in standalone) plain = layer.Forward(plain);
        var y = chained.Forward(x);
        Assert.False(y.IsBlocked);
        Assert.True(TensorMath.MaxRelativeError(y, plain) < 1e-5f);

        using var dy = Tensor.RandomNormal(new Random(3), 1f, y.Shape.ToArray());
        var g = dy;
        for (var i = standalone.Length - 1; i >= 0; i--) g = standalone[i].Backward(g);
        var dx = chained.Backward(dy);
        Assert.False(dx.IsBlocked);
        Assert.True(TensorMath.MaxRelativeError(dx, g) < 1e-5f);

        var expectedGrads = standalone.SelectMany(m => m.Parameters()).ToList();
        var actualGrads = chained.Parameters().ToList();
        Assert.Equal(expectedGrads.Count, actualGrads.Count);
        for (var i = 0; i < actualGrads.Count; i++)
            Assert.True(TensorMath.MaxRelativeError(actualGrads[i].Grad, expectedGrads[i].Grad) < 1e-5f, $"parameter {i}");
    }

    [Fact]
    public void A_chained_convolution_hands_its_neighbour_a_blocked_tensor_that_converts_back_exactly()
    {
        var chained = new Sequential(Layers(4));
        var conv = (Conv2d)chained.Layers[2];
        using var x = Tensor.RandomNormal(new Random(5), 1f, 2, 16, 8, 8);
        var y = conv.Forward(x);
        Assert.True(y.IsBlocked);
        Assert.Throws<InvalidOperationException>(() => y.Span.Length);

        var plainConv = (Conv2d)Layers(4)[2];
        using var expected = plainConv.Forward(x);
        Assert.Equal(expected.ToArray(), y.ToPlain().ToArray());
    }

    [Fact]
    public void Unet_training_with_blocked_skips_equals_the_all_plain_unet()
    {
        var options = new UNetOptions { InChannels = 3, Classes = 4, BaseFilters = 16, Levels = 3, Seed = 8 };
        using var blocked = UNet.Build(options);
        using var plain = UNet.Build(options);
        plain.DisableBlockedLayouts();
        using var x = Tensor.RandomNormal(new Random(9), 1f, 2, 3, 16, 16);

        var yBlocked = blocked.Forward(x);
        var yPlain = plain.Forward(x);
        Assert.True(TensorMath.MaxRelativeError(yBlocked, yPlain) < 1e-5f);

        using var dy = Tensor.RandomNormal(new Random(10), 1f, yPlain.Shape.ToArray());
        var dxBlocked = blocked.Backward(dy);
        var dxPlain = plain.Backward(dy);
        Assert.False(dxBlocked.IsBlocked);
        Assert.True(TensorMath.MaxRelativeError(dxBlocked, dxPlain) < 1e-5f);
        foreach (var ((name, p), (_, q)) in blocked.NamedParameters().Zip(plain.NamedParameters()))
            Assert.True(TensorMath.MaxRelativeError(p.Grad, q.Grad) < 1e-5f, name);
    }
}
