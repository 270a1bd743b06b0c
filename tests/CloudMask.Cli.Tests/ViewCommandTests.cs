using System.Diagnostics;
using CloudMask.Masking.Output;
using CloudMask.TestSupport;

namespace CloudMask.Cli.Tests;

public class ViewCommandTests
{
    [SkippableFact]
    public async Task Serves_the_folder_on_loopback_until_told_to_stop()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && ExternalTool.Find("kill") is not null, "needs Linux and kill to send SIGTERM");
        using var dir = new TempFolder();
        MaskWriter.Write(dir.File("scene.mask.tif"), Enumerable.Repeat((byte)4, 64 * 64).ToArray(), 64, 64, GeoReference.None);

        using var process = CliProcess.Start("view", dir.Path, "--port", "0");
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.NotNull(line);
            Assert.StartsWith($"viewing {dir.Path} at http://127.0.0.1:", line);
            var url = new Uri(line.Split(" at ")[1].Split(' ')[0]);
            using var http = new HttpClient { BaseAddress = url };
            var results = await http.GetStringAsync("api/results");
            Assert.Contains("\"name\":\"scene\"", results);
            Assert.Contains("\"crs\":null", results); // no CRS: the page shows it in pixel coordinates
        }
        finally
        {
            Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
        }
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "view did not stop after SIGTERM");
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public void A_missing_folder_is_one_line_naming_it()
    {
        using var dir = new TempFolder();
        var missing = dir.File("no-results");
        CliProcess.AssertCleanFailure(CliProcess.Run("view", missing, "--port", "0"), missing, "no such folder");
    }

    [Fact]
    public void A_base_map_that_is_not_a_tile_url_is_refused()
    {
        using var dir = new TempFolder();
        var result = CliProcess.Run("view", dir.Path, "--port", "0", "--basemap", "tiles.png");
        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith("cloudmask: error: --basemap tiles.png: expected an http(s) tile URL", result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr);
    }
}
