using System.Text.Json;
using CloudMask.Masking.Models;
using CloudMask.Nn.Models;
using CloudMask.Raster;
using CloudMask.TestSupport;
using Microsoft.ML.OnnxRuntime;

namespace CloudMask.Cli.Tests;

/// <summary>`cloudmask export-onnx` and `predict --backend onnxruntime` as a user runs them.</summary>
public class ExportOnnxCommandTests
{
    [Fact]
    public void Exports_a_network_for_named_bands_that_onnx_runtime_loads()
    {
        using var dir = new TempFolder();
        var weights = TinyWeights.Save(dir.File("tiny.safetensors"), seed: 4);
        var target = dir.File("rgbn.onnx");
        var result = CliProcess.Run("export-onnx", "--model", weights, "--bands", "B02,B03,B04,B08", "--out", target);
        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        Assert.Contains("reflectance of B02,B03,B04,B08", result.StdOut);

        using var session = new InferenceSession(target);
        Assert.Equal([-1, 4, -1, -1], session.InputMetadata["reflectance"].Dimensions);
        Assert.Equal([-1, 4, -1, -1], session.OutputMetadata["probabilities"].Dimensions);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal("B02,B03,B04,B08", metadata["bands"]);
        Assert.Equal("cloudmask-any", metadata["architecture"]);
        Assert.Equal("tiny.safetensors", metadata["source_weights"]);
        Assert.Equal(Path.GetFileName(target), dir.FileNames().Single(n => n.EndsWith(".onnx")));
    }

    public static TheoryData<string[], string> BadRequests => new()
    {
        { ["--model", "no-such-model"], "unknown model 'no-such-model'" },
        { ["--model", "hollstein"], "is not a network" },
        { ["--bands", "B04,B08"], "needs at least 3 reflective bands" },
        { ["--bands", "B02,B03,B04,AOT"], "AOT is not a reflective band" },
        { ["--bands", "B02,B03,B99"], "unknown band 'B99'" },
        { ["--bands", "B02,B03,B03"], "B03 is named twice" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Refuses_what_it_cannot_export_in_one_line_and_writes_nothing(string[] arguments, string reason)
    {
        using var dir = new TempFolder();
        var result = CliProcess.Run(["export-onnx", "--out", dir.File("m.onnx"), .. arguments]);
        AssertOneLineError(result, reason);
        Assert.Empty(dir.FileNames());
    }

    [Fact]
    public void KappaMask_unet_takes_only_its_own_bands()
    {
        using var dir = new TempFolder();
        var options = new KappaMaskUNetOptions { BaseFilters = 32 };
        using (var network = UNet.Build(options.ToUNetOptions())) NetworkFile.Save(dir.File("kappa.safetensors"), options, network);
        var result = CliProcess.Run("export-onnx", "--model", dir.File("kappa.safetensors"), "--bands", "B02,B03,B04", "--out", dir.File("k.onnx"));
        AssertOneLineError(result, "takes exactly its own bands");
        Assert.False(File.Exists(dir.File("k.onnx")));
    }

    [Fact]
    public void Does_not_replace_an_existing_file_without_overwrite()
    {
        using var dir = new TempFolder();
        var weights = TinyWeights.Save(dir.File("tiny.safetensors"), seed: 5);
        var target = dir.File("m.onnx");
        File.WriteAllText(target, "mine");
        var refused = CliProcess.Run("export-onnx", "--model", weights, "--out", target);
        CliProcess.AssertCleanFailure(refused, target, "already exists");
        Assert.Equal("mine", File.ReadAllText(target));

        var replaced = CliProcess.Run("export-onnx", "--model", weights, "--out", target, "--overwrite");
        Assert.True(replaced.ExitCode == 0, replaced.StdErr);
        using var session = new InferenceSession(target);
        Assert.Equal("B01,B02,B03,B04,B05,B06,B07,B08,B8A,B09,B10,B11,B12", session.ModelMetadata.CustomMetadataMap["bands"]);
        Assert.Equal(["m.onnx", "tiny.safetensors"], dir.FileNames().Order());
    }

    [Fact]
    public void Predict_on_onnx_runtime_writes_the_mask_our_engine_writes()
    {
        using var dir = new TempFolder();
        var input = PredictCommandTests.WriteScene(dir, "scene.tif", georeferenced: true, size: 150);
        var ours = CliProcess.Run("predict", input, "--out", dir.File("ours"), "--tile", "64");
        Assert.True(ours.ExitCode == 0, ours.StdErr + ours.StdOut);
        var theirs = CliProcess.Run("predict", input, "--out", dir.File("onnx"), "--tile", "64", "--backend", "onnxruntime");
        Assert.True(theirs.ExitCode == 0, theirs.StdErr + theirs.StdOut);

        byte[] Mask(string folder)
        {
            using var mask = RasterDataset.Open(Path.Combine(dir.File(folder), "scene.mask.tif"));
            return mask.Band(1).Read<byte>();
        }
        var expected = Mask("ours");
        Assert.Contains((byte)4, expected); // the cloud square: not a uniform mask
        Assert.Equal(expected, Mask("onnx"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.File("onnx"), "scene.mask.json")));
        Assert.Contains("ONNX Runtime", json.RootElement.GetProperty("model").GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("onnxruntime", "hollstein", "runs networks; model hollstein-2016 is not one")]
    [InlineData("tensorflow", "cloudmask-any", "--backend tensorflow: give ours or onnxruntime")]
    public void Predict_refuses_a_backend_that_cannot_run_the_model(string backend, string model, string reason)
    {
        using var dir = new TempFolder();
        var input = PredictCommandTests.WriteScene(dir, "scene.tif", georeferenced: true);
        var result = CliProcess.Run("predict", input, "--out", dir.File("out"), "--model", model, "--backend", backend);
        AssertOneLineError(result, reason);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    private static void AssertOneLineError(ExternalTool.Result result, string reason)
    {
        Assert.NotEqual(0, result.ExitCode);
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{result.StdErr}");
        Assert.StartsWith("cloudmask: error: ", lines[0]);
        Assert.Contains(reason, lines[0]);
        Assert.Equal("", result.StdOut);
    }
}
