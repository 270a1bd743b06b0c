using CloudMask.Sentinel2;
using CloudMask.Sentinel2.Layout;
using CloudMask.Sentinel2.Reading;
using CloudMask.Simulation.Products;
using CloudMask.Simulation.Scenes;
using CloudMask.Simulation.Sensors;
using CloudMask.TestSupport;

namespace CloudMask.Simulation.Tests;

/// <summary>
/// End to end with the project's own reader: what the simulator renders, the Sentinel2 reader
/// must read back from the product, offsets and no data included.
/// </summary>
public class ReaderRoundTripTests
{
    [Theory]
    [InlineData(5, 9)]
    [InlineData(3, 1)]
    public void ReaderRecoversTheRenderedReflectance(int major, int minor)
    {
        using var temp = new TempFolder("sim-read");
        var request = new ProductRequest(9, ProductLevel.L1C, 120, new ProcessingBaseline(major, minor), Regime: "broken", PartialTileChance: 1);
        var written = SafeProductWriter.Write(request, temp.Path);

        using var product = Sentinel2Product.Open(written.ProductPath);
        Assert.Equal(major >= 4 ? -1000 : 0, product.Metadata.AddOffset(MsiBands.B02));
        using var stack = product.OpenBandStack(new BandStackOptions { Bands = [MsiBands.B02, MsiBands.B08] });
        var strip = stack.ReadStrip(0, 120);

        var expected = new SceneRenderer(written.Spec, SimulatedSensor.Sentinel2Msi)
            .Render(RenderWindow.Whole(120, 120, 10), bands: [SimulatedSensor.Sentinel2Msi.IndexOf("B02"), SimulatedSensor.Sentinel2Msi.IndexOf("B08")]);
        int missing = 0;
        for (int i = 0; i < 120 * 120; i++)
        {
            if (expected.Labels[i] == LabelCodes.Missing)
            {
                Assert.Equal(1, strip.NoData[i]);
                missing++;
                continue;
            }
            Assert.Equal(expected.Bands[0][i], strip.Reflectance[0][i], 0.00006f);
            Assert.Equal(expected.Bands[1][i], strip.Reflectance[1][i], 0.00006f);
        }
        Assert.InRange(missing, 1, 120 * 120 - 1);
    }

    [Fact]
    public void SampleProductIsASmallL1CWithClouds()
    {
        using var temp = new TempFolder("sim-sample");
        var sample = SampleProduct.Create(temp.Path);
        using var product = Sentinel2Product.Open(sample.ProductPath);
        Assert.Equal(ProductLevel.L1C, product.Level);
        Assert.InRange(sample.Statistics.CloudyPercent, 10, 60);
        Assert.True(sample.Statistics.PercentOfValid(LabelCodes.Shadow) > 2);
        Assert.Equal(sample.ProductPath, SampleProduct.GetOrCreate(temp.Path));
    }
}
