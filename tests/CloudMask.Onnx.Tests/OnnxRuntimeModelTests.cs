using CloudMask.Masking.Models;
using CloudMask.Nn.Inference;
using CloudMask.Raster.Spectral;

namespace CloudMask.Onnx.Tests;

/// <summary>The ONNX Runtime backend as the tiled predictor uses it: any tile size (padding and
/// cropping as for our engine), sessions per band set and thread count, non-networks refused.</summary>
public class OnnxRuntimeModelTests
{
    [Theory]
    [InlineData(37, 29)]
    [InlineData(100, 70)]
    [InlineData(1, 17)]
    public void Cloudmask_any_gives_our_engines_probabilities_on_tiles_of_any_size(int w, int h)
    {
        using var engine = TestNetworks.SmallAny();
        using var onnx = new OnnxRuntimeModel(TestNetworks.SmallAny());
        var bands = TestNetworks.Bands("B02", "B03", "B04", "B08", "B11");
        var planes = TestNetworks.RandomPlanes(bands.Length, w, h, seed: w * h);
        Compare.Close(ExportedGraphTests.Engine(engine, bands, planes, w, h), ExportedGraphTests.Engine(onnx, bands, planes, w, h), $"{w} x {h}");
    }

    [Fact]
    public void KappaMask_unet_picks_its_bands_by_name_from_a_larger_input()
    {
        using var engine = TestNetworks.SmallKappa(batchNorm: true);
        using var onnx = new OnnxRuntimeModel(TestNetworks.SmallKappa(batchNorm: true));
        // Its 13 bands in reverse order plus one it does not read: the backend must pick and order them as the engine does.
        var bands = SensorBands.Sentinel2Msi.Reverse().Append(new SpectralBand("AOT", 0, 0)).ToArray();
        Assert.Null(onnx.CheckBands(bands));
        const int w = 45, h = 38;
        var planes = TestNetworks.RandomPlanes(bands.Length, w, h, seed: 8);
        Compare.Close(ExportedGraphTests.Engine(engine, bands, planes, w, h), ExportedGraphTests.Engine(onnx, bands, planes, w, h), "reordered bands");
    }

    [Fact]
    public void Keeps_one_session_per_band_set_and_thread_count()
    {
        using var onnx = new OnnxRuntimeModel(TestNetworks.SmallAny());
        var rgb = TestNetworks.Bands("B04", "B03", "B02");
        var rgbn = TestNetworks.Bands("B04", "B03", "B02", "B08");
        Predict(onnx, rgb);
        Predict(onnx, rgb);
        Assert.Equal(1, onnx.SessionCount);
        Predict(onnx, rgbn);
        Assert.Equal(2, onnx.SessionCount);
        using (ComputeThreads.Use(ComputeThreads.Current + 1)) Predict(onnx, rgbn);
        Assert.Equal(3, onnx.SessionCount);
    }

    [Fact]
    public void Refuses_a_model_that_is_not_a_network()
    {
        var e = Assert.Throws<ArgumentException>(() => OnnxRuntimeModel.Wrap(new HollsteinDecisionTree()));
        Assert.Contains("not one", e.Message);
    }

    [Fact]
    public void Checks_bands_as_the_network_does()
    {
        using var onnx = new OnnxRuntimeModel(TestNetworks.SmallAny());
        Assert.NotNull(onnx.CheckBands(TestNetworks.Bands("B04", "B08")));
        Assert.Null(onnx.CheckBands(TestNetworks.Bands("B04", "B03", "B08")));
    }

    private static void Predict(ISegmentationModel model, SpectralBand[] bands)
    {
        const int w = 20, h = 20;
        model.Predict(new SpectralTile(bands, w, h, TestNetworks.RandomPlanes(bands.Length, w, h, 1)), new float[4 * w * h]);
    }
}
