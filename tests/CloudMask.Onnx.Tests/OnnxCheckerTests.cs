using CloudMask.Masking.Models;
using CloudMask.TestSupport;

namespace CloudMask.Onnx.Tests;

/// <summary>ONNX's own checker (Debian python3-onnx: onnx.checker.check_model with full shape
/// inference) accepts every exported network and reads its metadata.</summary>
public class OnnxCheckerTests
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import sys, onnx
        model = onnx.load(sys.argv[1])
        onnx.checker.check_model(model, full_check=True)
        props = {p.key: p.value for p in model.metadata_props}
        graph = model.graph
        print("opset", max(o.version for o in model.opset_import if o.domain in ("", "ai.onnx")))
        print("input", graph.input[0].name, [d.dim_param or d.dim_value for d in graph.input[0].type.tensor_type.shape.dim])
        print("output", graph.output[0].name, [d.dim_param or d.dim_value for d in graph.output[0].type.tensor_type.shape.dim])
        print("bands", props["bands"])
        print("size_multiple", props["size_multiple"])
        """;

    [SkippableFact]
    public void Cloudmask_any_for_three_bands_passes() =>
        AssertPasses(TestNetworks.SmallAny(), TestNetworks.Bands("B04", "B03", "B02"), "B04,B03,B02", "16", 3);

    [SkippableFact]
    public void Shipped_cloudmask_any_for_sentinel2_passes()
    {
        var model = TestNetworks.Default();
        AssertPasses(model, null, "B01,B02,B03,B04,B05,B06,B07,B08,B8A,B09,B10,B11,B12", model.SizeMultiple.ToString(), 13);
    }

    [SkippableFact]
    public void KappaMask_unet_passes() =>
        AssertPasses(TestNetworks.SmallKappa(batchNorm: true, KappaMaskBandSet.L2A14), null, "AOT,B01,B02,B03,B04,B05,B06,B07,B08,B8A,B09,B11,B12,WVP", "16", 14);

    private static void AssertPasses(INetworkModel model, Raster.Spectral.SpectralBand[]? bands, string bandList, string multiple, int bandCount)
    {
        if (!File.Exists(Python)) throw new SkipException($"{Python} is not installed");
        if (ExternalTool.Run(Python, ["-c", "import onnx.checker"]).ExitCode != 0)
            throw new SkipException("python module onnx is missing (Debian package python3-onnx)");
        using var folder = new TempFolder("onnx-check");
        var path = folder.File("model.onnx");
        using (model as IDisposable) OnnxExport.Export(model, bands).Save(path, overwrite: false);
        var result = ExternalTool.Run(Python, ["-c", Script, path]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains($"opset {OnnxExport.OpsetVersion}", result.StdOut);
        Assert.Contains($"input reflectance ['batch', {bandCount}, 'height', 'width']", result.StdOut);
        Assert.Contains("output probabilities ['batch', 4, 'height', 'width']", result.StdOut);
        Assert.Contains($"bands {bandList}", result.StdOut);
        Assert.Contains($"size_multiple {multiple}", result.StdOut);
    }
}
