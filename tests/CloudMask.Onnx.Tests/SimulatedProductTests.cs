using CloudMask.Masking.Classes;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Inputs;
using CloudMask.Masking.Models;
using CloudMask.Raster.Spectral;
using CloudMask.Simulation.Products;
using CloudMask.TestSupport;

namespace CloudMask.Onnx.Tests;

/// <summary>Simulated once per test class: the demo's sample product (1098 px) and a small one.</summary>
public sealed class SimulatedProducts : IDisposable
{
    private readonly TempFolder folder = new("onnx-products");

    public SimulatedProducts()
    {
        Demo = SampleProduct.Create(folder.File("demo")).ProductPath;
        Small = SafeProductWriter.Write(new ProductRequest(Seed: 31, Size: 366, Regime: "mixed", PartialTileChance: 0), folder.File("small")).ProductPath;
    }

    public string Demo { get; }
    public string Small { get; }

    public void Dispose() => folder.Dispose();
}

/// <summary>Whole products masked by the tiled predictor with our engine and with ONNX Runtime
/// running the same network: the masks are identical, pixel for pixel.</summary>
public class SimulatedProductTests(SimulatedProducts products) : IClassFixture<SimulatedProducts>
{
    [SkippableFact]
    public void Shipped_model_masks_the_demo_product_identically_on_both_backends()
    {
        using var engine = TestNetworks.Default();
        using var onnx = new OnnxRuntimeModel(TestNetworks.Default());
        AssertSameMasks(engine, onnx, products.Demo, new TilingOptions());
    }

    [Fact]
    public void Cloudmask_any_on_red_green_blue_and_nir_of_a_small_product()
    {
        using var engine = TestNetworks.SmallAny();
        using var onnx = new OnnxRuntimeModel(TestNetworks.SmallAny());
        AssertSameMasks(engine, onnx, products.Small, new TilingOptions(TileSize: 160, Overlap: 32), BandChoice.Parse("B02,B03,B04,B08"));
    }

    [Fact]
    public void KappaMask_unet_masks_a_small_product_identically()
    {
        using var engine = TestNetworks.SmallKappa(batchNorm: false);
        using var onnx = new OnnxRuntimeModel(TestNetworks.SmallKappa(batchNorm: false));
        AssertSameMasks(engine, onnx, products.Small, new TilingOptions(TileSize: 160, Overlap: 32));
    }

    private static void AssertSameMasks(ISegmentationModel engine, ISegmentationModel onnx, string product, TilingOptions tiling, BandChoice? bands = null)
    {
        using var input = SceneInputs.Open(product);
        var source = bands is null ? input.Source : bands.Apply(input.Source);
        var ours = new TiledPredictor(engine, tiling).Predict(source);
        var theirs = new TiledPredictor(onnx, tiling).Predict(source);
        var classes = ours.Counts.Count(c => c > 0);
        Assert.True(classes >= 2, $"the mask holds {classes} class(es): too uniform to show a difference");
        var differing = ours.Mask.Zip(theirs.Mask).Count(p => p.First != p.Second);
        Assert.True(differing == 0, $"{differing} of {ours.Mask.Length} pixels differ; ours {Describe(ours)}, ONNX Runtime {Describe(theirs)}");
    }

    private static string Describe(PredictionResult result) =>
        string.Join(" ", MaskClasses.Predicted.Select(c => $"{MaskClasses.Name(c)} {result.PercentOfValid(c):0.00} %"));
}
