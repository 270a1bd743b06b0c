using CloudMask.Masking.Models;
using CloudMask.Nn.Tensors;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Tests;

public class BandEncoderTests
{
    private static readonly SpectralBand[] ThreeBands = [SensorBands.Find("B02")!, SensorBands.Find("B8A")!, SensorBands.Find("B11")!];

    /// <summary>L = sum(weights * encoder(x)): a loss whose dL/dOutput is simply the weights.</summary>
    private static double Loss(BandEncoder encoder, Tensor input, float[] weights)
    {
        using var output = encoder.Forward(input);
        double sum = 0;
        var o = output.Span;
        for (var i = 0; i < o.Length; i++) sum += (double)o[i] * weights[i];
        return sum;
    }

    [Fact]
    public void Backward_matches_finite_differences_for_parameters_and_input()
    {
        var random = new Random(3);
        using var encoder = new BandEncoder(channels: 3, hiddenWidth: 5, random) { Bands = ThreeBands, ComputeInputGradient = true };
        using var input = Tensor.RandomUniform(random, 0f, 1f, 2, 3, 3, 3);
        using var probe = encoder.Forward(input);
        var weights = Enumerable.Range(0, (int)probe.Length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        using var gradOutput = Tensor.FromArray(weights, probe.Shape.ToArray());
        encoder.ZeroGrad();
        using var gradInput = encoder.Backward(gradOutput);

        const float h = 1e-3f;
        var checkedValues = 0;
        foreach (var (name, parameter) in encoder.NamedParameters())
        {
            var data = parameter.Data.Span;
            for (var i = 0; i < data.Length; i++)
            {
                var saved = data[i];
                data[i] = saved + h;
                var plus = Loss(encoder, input, weights);
                data[i] = saved - h;
                var minus = Loss(encoder, input, weights);
                data[i] = saved;
                var numeric = (plus - minus) / (2 * h);
                var analytic = parameter.Grad.Span[i];
                Assert.True(Math.Abs(numeric - analytic) <= 2e-2 * Math.Max(1, Math.Abs(numeric)),
                    $"{name}[{i}]: analytic {analytic}, numeric {numeric}");
                checkedValues++;
            }
        }
        var x = input.Span;
        for (var i = 0; i < x.Length; i++)
        {
            var saved = x[i];
            x[i] = saved + h;
            var plus = Loss(encoder, input, weights);
            x[i] = saved - h;
            var minus = Loss(encoder, input, weights);
            x[i] = saved;
            var numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - gradInput.Span[i]) <= 2e-2 * Math.Max(1, Math.Abs(numeric)),
                $"input[{i}]: analytic {gradInput.Span[i]}, numeric {numeric}");
        }
        Assert.True(checkedValues > 50);
    }

    [Fact]
    public void Output_does_not_depend_on_band_order()
    {
        var random = new Random(5);
        using var encoder = new BandEncoder(4, 8, random);
        encoder.Eval();
        using var input = Tensor.RandomUniform(random, 0f, 0.8f, 1, 3, 4, 4);
        using var swapped = new Tensor(1, 3, 4, 4);
        int[] order = [2, 0, 1];
        for (var b = 0; b < 3; b++) input.Span.Slice(order[b] * 16, 16).CopyTo(swapped.Span.Slice(b * 16, 16));
        using var a = encoder.Encode(input, ThreeBands);
        using var b2 = encoder.Encode(swapped, order.Select(i => ThreeBands[i]).ToArray());
        Assert.Equal(8, a.Dim(1));
        Assert.True(TensorMath.MaxRelativeError(b2, a) < 1e-5f);
    }

    [Fact]
    public void Descriptors_tell_bands_apart_and_flag_non_reflective_ones()
    {
        var blue = BandDescriptor.Encode(SensorBands.Find("B02")!);
        var oliBlue = BandDescriptor.Encode(SensorBands.Find("OLI_B2")!);
        var swir = BandDescriptor.Encode(SensorBands.Find("B12")!);
        double Distance(float[] p, float[] q) => Math.Sqrt(p.Zip(q).Sum(t => (t.First - t.Second) * (t.First - t.Second)));
        Assert.True(Distance(blue, oliBlue) < Distance(blue, swir), "similar bands of two sensors must look more alike than distant ones");
        Assert.False(BandDescriptor.IsReflective(new SpectralBand("TIRS_B10", 10.9, 0.59)));
        Assert.True(BandDescriptor.IsReflective(SensorBands.Find("B10")!));
    }
}
