using System.Text.Json.Nodes;
using CloudMask.Stac.Tests;
using CloudMask.TestSupport;

namespace CloudMask.Server.Tests;

/// <summary>The commands as a user runs them: `predict` with a STAC Item file, `submit` and `worker` failing cleanly.</summary>
public class CommandLineTests
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "cloudmask.dll");

    [Fact]
    public void Predict_masks_a_stac_item_file_and_names_outputs_after_its_id()
    {
        using var dir = new TempFolder("predict-stac");
        var files = Sentinel2Bands.WriteBandFiles(dir.Path, 60, offsetDn: 0);
        var assets = new JsonObject();
        foreach (var (band, file) in files) assets[band] = new JsonObject { ["href"] = "./" + file, ["type"] = "image/tiff", ["roles"] = new JsonArray("data") };
        var item = new JsonObject
        {
            ["type"] = "Feature", ["stac_version"] = "1.0.0", ["id"] = "S2A_MSIL1C_20240101_T33TUM", ["geometry"] = null, ["links"] = new JsonArray(),
            ["properties"] = new JsonObject { ["datetime"] = "2024-01-01T10:00:00Z", ["s2:processing_baseline"] = "03.01" }, ["assets"] = assets,
        };
        File.WriteAllText(dir.File("item.json"), item.ToJsonString());
        var result = ExternalTool.Run("dotnet", [Dll, "predict", dir.File("item.json"), "--out", dir.File("out"), "--model", "hollstein"]);
        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        Assert.Contains("1 written, 0 skipped, 0 failed", result.StdOut);
        var written = JsonNode.Parse(File.ReadAllText(dir.File("out/S2A_MSIL1C_20240101_T33TUM.item.json")))!;
        Assert.Equal("S2A_MSIL1C_20240101_T33TUM-cloudmask", written["id"]!.GetValue<string>());
        Assert.Equal(100.0 * 20 * 20 / (60 * 60), written["properties"]!["eo:cloud_cover"]!.GetValue<double>(), 1);

        // An Item without band files fails like any bad input: one line naming it, non-zero exit, nothing written.
        File.WriteAllText(dir.File("empty.json"), new JsonObject { ["type"] = "Feature", ["stac_version"] = "1.0.0", ["id"] = "e", ["assets"] = new JsonObject() }.ToJsonString());
        var bad = ExternalTool.Run("dotnet", [Dll, "predict", dir.File("empty.json"), "--out", dir.File("out2"), "--model", "hollstein"]);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains($"failed   {dir.File("empty.json")}: has no Sentinel-2 band assets", bad.StdOut);
        Assert.Empty(Directory.GetFiles(dir.File("out2")));
    }

    [Fact]
    public void Submit_to_a_server_that_is_not_there_fails_in_one_line()
    {
        var result = ExternalTool.Run("dotnet", [Dll, "submit", "/data/x.tif", "--server", $"http://127.0.0.1:{CloudMaskProcess.FreePort()}"]);
        Assert.NotEqual(0, result.ExitCode);
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("cloudmask: error: ", lines[0]);
        Assert.Contains("refused", lines[0], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_worker_whose_database_cannot_be_reached_says_so_in_one_line()
    {
        var port = CloudMaskProcess.FreePort();
        var result = ExternalTool.Run("dotnet", [Dll, "worker", "--db", $"postgres://someone:hidden@127.0.0.1:{port}/jobs"]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith($"cloudmask: error: --db postgres://someone@127.0.0.1:{port}/jobs: cannot connect", result.StdErr.Trim());
        Assert.DoesNotContain("hidden", result.StdErr);
        Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
