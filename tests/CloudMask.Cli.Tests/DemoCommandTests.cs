using CloudMask.Raster;
using CloudMask.TestSupport;

namespace CloudMask.Cli.Tests;

public class DemoCommandTests
{
    [Fact]
    public void Demo_masks_the_built_in_sample_and_scores_it()
    {
        using var dir = new TempFolder();
        var output = dir.File("demo");
        var result = CliProcess.Run("demo", "--out", output);
        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        Assert.Contains("3. Masked with the default model, cloudmask-any", result.StdOut);
        Assert.Contains("4. For comparison, the Hollstein", result.StdOut);
        // Both masks are scored against the sample's exact labels.
        Assert.Equal(2, result.StdOut.Split("against the sample's exact labels: overall accuracy").Length - 1);
        using (var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(output, "*.mask.json").Single())))
            Assert.StartsWith("cloudmask-any", json.RootElement.GetProperty("model").GetProperty("id").GetString());
        Assert.Single(Directory.GetFiles(Path.Combine(output, "hollstein"), "*.mask.tif"));
        var mask = Directory.GetFiles(output, "*.mask.tif").Single();
        using var ds = RasterDataset.Open(mask);
        Assert.Equal((1098, 1098), (ds.Width, ds.Height));
        Assert.Equal("COG", ds.MetadataItem("LAYOUT", "IMAGE_STRUCTURE"));
        Assert.NotNull(ds.Crs);
        Assert.Single(Directory.GetFiles(output, "*.preview.png"));
        Assert.Single(Directory.GetFiles(output, "*.mask.json"));
    }

    [Fact]
    public void Demo_refuses_a_folder_it_did_not_create()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("thesis.docx"), "mine");
        var result = CliProcess.Run("demo", "--out", dir.Path);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("did not create", result.StdErr);
        Assert.Equal(["thesis.docx"], dir.FileNames());
    }
}
