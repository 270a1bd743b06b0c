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
        Assert.Contains("No trained CloudMask network is the default yet", result.StdOut);
        Assert.Contains("against the sample's exact labels: overall accuracy", result.StdOut);
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
