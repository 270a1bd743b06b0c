using CloudMask.Raster;
using CloudMask.Sentinel2.Reading;
using Xunit.Abstractions;

namespace CloudMask.Sentinel2.Tests;

/// <summary>
/// Reads products written by the scene simulator (`cloudmask simulate product`), run on request:
/// CLOUDMASK_S2_SIMULATED=PATH[;PATH...] (.SAFE or .zip with NAME.label.tif beside it). The simulator's
/// exact labels are an independent truth for the nodata mask (label 0 = missing).
/// </summary>
public class SimulatedProductTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Simulated_products_read_with_the_simulators_nodata_and_plausible_reflectance()
    {
        var paths = Environment.GetEnvironmentVariable("CLOUDMASK_S2_SIMULATED")
                    ?? throw new SkipException("set CLOUDMASK_S2_SIMULATED=PATH[;PATH] to read simulated products");
        foreach (var path in paths.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            using var product = Sentinel2Product.Open(path);
            using var stack = product.OpenBandStack(new BandStackOptions { StripHeight = 300, Resampling = BandResampling.Nearest });
            var labelPath = path[..path.LastIndexOf('.')] + ".label.tif";
            using var labels = RasterDataset.Open(labelPath);
            Assert.Equal(labels.Width, stack.Width);
            var label = labels.Band(1).Read<byte>();

            long agree = 0, total = 0, nodata = 0, saturated = 0;
            float min = float.MaxValue, max = float.MinValue;
            foreach (var strip in stack.ReadStrips())
            {
                for (var i = 0; i < strip.NoData.Length; i++)
                {
                    var missing = label[strip.Row0 * stack.Width + i] == 0;
                    agree += (strip.NoData[i] == 1) == missing ? 1 : 0;
                    nodata += strip.NoData[i];
                    total++;
                    saturated += strip.Saturated[i];
                    // Nearest keeps DNs apart (no blending with saturated neighbours); DN 65535 would read 6.45.
                    if (strip.NoData[i] == 1 || strip.Saturated[i] == 1) continue;
                    foreach (var band in strip.Reflectance)
                    {
                        min = Math.Min(min, band[i]);
                        max = Math.Max(max, band[i]);
                    }
                }
            }
            output.WriteLine($"{Path.GetFileName(path)}: nodata {100.0 * nodata / total:0.0} %, agreement with labels {100.0 * agree / total:0.00} %, saturated {100.0 * saturated / total:0.00} %, reflectance {min:0.000}..{max:0.000}");
            Assert.True(agree >= 0.99 * total, $"{path}: nodata mask agrees with the simulator's missing label on only {100.0 * agree / total:0.00} % of pixels");
            Assert.InRange(min, -0.1f, 0.5f);
            Assert.InRange(max, 0.2f, 2.0f);
        }
    }
}
