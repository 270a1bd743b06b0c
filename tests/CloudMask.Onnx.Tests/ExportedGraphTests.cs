using CloudMask.Masking.Models;
using CloudMask.Raster.Spectral;

namespace CloudMask.Onnx.Tests;

/// <summary>The exported file, run by a plain ONNX Runtime session, gives our engine's probabilities
/// within 1e-4 on random input (tiles that need no padding, so the graph alone is compared).</summary>
public class ExportedGraphTests
{
    public static TheoryData<string, string[]> BandSets => new()
    {
        { "RGB (visible offsets)", ["B04", "B03", "B02"] },
        { "RGB+NIR", ["B02", "B03", "B04", "B08"] },
        { "RGB+NIR+SWIR", ["B02", "B03", "B04", "B08", "B11", "B12"] },
        { "S2 L1C (13)", SensorBands.Sentinel2Msi.Select(b => b.Name).ToArray() },
        { "Landsat 8 OLI", SensorBands.Landsat8Oli.Select(b => b.Name).ToArray() },
    };

    [Theory]
    [MemberData(nameof(BandSets))]
    public void Small_cloudmask_any_matches_our_engine(string set, string[] names)
    {
        using var model = TestNetworks.SmallAny();
        AssertMatches(model, TestNetworks.Bands(names), 64, 48, set);
    }

    [SkippableTheory]
    [MemberData(nameof(BandSets))]
    public void Shipped_cloudmask_any_matches_our_engine(string set, string[] names)
    {
        using var model = TestNetworks.Default();
        AssertMatches(model, TestNetworks.Bands(names), 96, 64, set);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void KappaMask_unet_matches_our_engine(bool batchNorm)
    {
        using var model = TestNetworks.SmallKappa(batchNorm);
        AssertMatches(model, SensorBands.Sentinel2Msi.ToArray(), 48, 32, batchNorm ? "with batch norm" : "as in the paper");
    }

    [Fact]
    public void Offsets_for_the_band_coverage_are_the_ones_exported()
    {
        using var model = TestNetworks.SmallAny();
        var visible = OnnxExport.Export(model, TestNetworks.Bands("B02", "B03", "B04"));
        var swir = OnnxExport.Export(model, TestNetworks.Bands("B02", "B03", "B04", "B11"));
        Assert.Equal(model.Offsets.For(BandCoverage.Visible).ToString(), visible.Metadata[OnnxMetadata.LogitOffsets]);
        Assert.Equal(model.Offsets.General.ToString(), swir.Metadata[OnnxMetadata.LogitOffsets]);
        Assert.NotEqual(visible.Metadata[OnnxMetadata.LogitOffsets], swir.Metadata[OnnxMetadata.LogitOffsets]);
    }

    [Fact]
    public void Height_and_width_are_dynamic()
    {
        using var model = TestNetworks.SmallAny();
        var bands = TestNetworks.Bands("B02", "B03", "B04", "B08");
        var bytes = OnnxExport.Export(model, bands).ToByteArray();
        foreach (var (w, h) in new[] { (16, 16), (80, 32), (32, 112) })
        {
            var planes = TestNetworks.RandomPlanes(bands.Length, w, h, w + h);
            Compare.Close(Engine(model, bands, planes, w, h), PlainOrt.Run(bytes, planes, w, h), $"{w} x {h}");
        }
    }

    internal static float[] Engine(ISegmentationModel model, SpectralBand[] bands, float[][] planes, int w, int h)
    {
        var expected = new float[4 * w * h];
        model.Predict(new SpectralTile(bands, w, h, planes), expected);
        return expected;
    }

    private static void AssertMatches(INetworkModel model, SpectralBand[] bands, int w, int h, string what)
    {
        var planes = TestNetworks.RandomPlanes(bands.Length, w, h, seed: bands.Length);
        var expected = Engine(model, bands, planes, w, h);
        Assert.True(Compare.UnsureShare(expected, w * h) > 0.05, $"{what}: the probabilities are nearly all saturated; the comparison would prove little");
        var exported = OnnxExport.Export(model, bands);
        Compare.Close(expected, PlainOrt.Run(exported.ToByteArray(), planes, w, h), what);
    }
}
