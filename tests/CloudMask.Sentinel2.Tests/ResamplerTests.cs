using CloudMask.Sentinel2.Reading;

namespace CloudMask.Sentinel2.Tests;

public class ResamplerTests
{
    [Fact]
    public void Triangle_kernel_gives_the_bilinear_weights_of_a_2x_upsampling()
    {
        // Target pixel 3 of a 2x upsampling sits at source 1.25: 0.75 of pixel 1, 0.25 of pixel 2.
        var (first, weights) = SeparableResampler.Weights(ResamplingKernel.Triangle, 1, 3, 100, 0.5)[0];
        Assert.Equal(1, first);
        Assert.Equal(new[] { 0.75, 0.25 }, weights);
    }

    [Theory]
    [InlineData(1.0 / 6)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void Blackman_sinc_weights_sum_to_one_and_peak_at_the_nearest_pixel(double ratio)
    {
        foreach (var (first, weights) in SeparableResampler.Weights(ResamplingKernel.BlackmanSinc, 12, 0, 1000, ratio))
        {
            Assert.Equal(1.0, weights.Sum(), 12);
            Assert.True(weights.Max() > 0.3);
        }
        Assert.Equal(1.0, ResamplingKernel.BlackmanSinc.Weight(0));
        Assert.Equal(0.0, ResamplingKernel.BlackmanSinc.Weight(1), 12);
        Assert.Equal(0.0, ResamplingKernel.BlackmanSinc.Weight(4));
    }

    [Fact]
    public void Constant_image_stays_constant_at_every_ratio_and_border()
    {
        var source = Enumerable.Repeat(7f, 10 * 10).ToArray();
        foreach (var kernel in new[] { ResamplingKernel.Triangle, ResamplingKernel.BlackmanSinc })
        {
            var up = new float[60 * 60];
            SeparableResampler.Resample(kernel, source, 10, 10, 0, 10, 1.0 / 6, up, 60, 0, 60);
            Assert.All(up, v => Assert.Equal(7f, v, 5));
            var down = new float[5 * 5];
            SeparableResampler.Resample(kernel, source, 10, 10, 0, 10, 2.0, down, 5, 0, 5);
            Assert.All(down, v => Assert.Equal(7f, v, 5));
        }
    }
}
