using CloudMask.Raster;
using CloudMask.TestSupport;

namespace CloudMask.Cli.Tests;

/// <summary>What evaluate and compare leave beside the report for `cloudmask view REPORT`: each chip's label and predictions.</summary>
public class EvaluateChipsTests
{
    [Fact]
    public void Compare_writes_each_chips_label_once_and_each_entrys_prediction_in_project_codes()
    {
        using var dir = new TempFolder();
        var (chips, perfect, clear) = EvaluateCommandTests.Fixture(dir);
        var report = dir.File("report");
        var result = CliProcess.Run("compare", chips, "--masks", $"fmask:{perfect}", "--masks", $"cloudmask:{clear}", "--out", report);
        Assert.True(result.ExitCode == 0, result.StdErr);

        var folder = Path.Combine(report, "chips");
        Assert.Equal(["a.label.tif", "b.label.tif"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(new byte[] { 1, 1, 4, 4, 2, 1, 3, 0 }, Codes(Path.Combine(folder, "a.label.tif")));
        // Fmask's codes (0 clear, 2 shadow, 4 cloud) come back as ours; its missing thin class reads as cloud.
        Assert.Equal(new byte[] { 1, 1, 4, 4, 2, 1, 4, 1 }, Codes(Path.Combine(folder, "fmask_fmask", "a.prediction.tif")));
        Assert.Equal(Enumerable.Repeat((byte)1, 8), Codes(Path.Combine(folder, "cloudmask_clear", "b.prediction.tif")));
    }

    [Fact]
    public void An_existing_report_is_kept_unless_overwrite_and_a_failed_run_leaves_no_chips()
    {
        using var dir = new TempFolder();
        var (chips, perfect, _) = EvaluateCommandTests.Fixture(dir);
        var report = dir.File("report");
        Assert.Equal(0, CliProcess.Run("evaluate", chips, "--masks", $"fmask:{perfect}", "--out", report).ExitCode);
        var before = File.GetLastWriteTimeUtc(Path.Combine(report, "chips", "a.label.tif"));

        var again = CliProcess.Run("evaluate", chips, "--masks", $"fmask:{perfect}", "--out", report);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("exists", again.StdErr);
        Assert.Equal(before, File.GetLastWriteTimeUtc(Path.Combine(report, "chips", "a.label.tif")));
        Assert.Equal(0, CliProcess.Run("evaluate", chips, "--masks", $"fmask:{perfect}", "--out", report, "--overwrite").ExitCode);

        var empty = dir.File("empty");
        Directory.CreateDirectory(empty);
        var failed = dir.File("failed");
        Assert.NotEqual(0, CliProcess.Run("evaluate", chips, "--masks", $"fmask:{empty}", "--out", failed).ExitCode);
        Assert.False(Directory.Exists(Path.Combine(failed, "chips")));
    }

    private static byte[] Codes(string path)
    {
        using var raster = RasterDataset.Open(path);
        return raster.Band(1).Read<byte>();
    }
}
