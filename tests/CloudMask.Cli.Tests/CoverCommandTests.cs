using System.Globalization;
using System.Text.Json;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;
using CloudMask.TestSupport;

namespace CloudMask.Cli.Tests;

public class CoverCommandTests
{
    /// <summary>A 13-band L1C stack (reflectance x 10000) of 96 x 96 px: bright cloud spectra in columns 0-31
    /// (a third of the scene), vegetation elsewhere; Hollstein's tree calls them cloud and clear.</summary>
    private static string WriteScene(TempFolder dir, string name)
    {
        float[] cloud = [0.60f, 0.60f, 0.60f, 0.60f, 0.60f, 0.58f, 0.60f, 0.56f, 0.55f, 0.30f, 0.05f, 0.40f, 0.30f];
        float[] vegetation = [0.08f, 0.05f, 0.08f, 0.05f, 0.10f, 0.25f, 0.30f, 0.34f, 0.35f, 0.10f, 0.002f, 0.15f, 0.08f];
        const int size = 96;
        var path = dir.File(name);
        using var r = new InMemoryRaster(size, size, 13, RasterDataType.UInt16);
        for (var b = 0; b < 13; b++)
        {
            var data = new ushort[size * size];
            for (var i = 0; i < data.Length; i++) data[i] = (ushort)Math.Round((i % size < size / 3 ? cloud : vegetation)[b] * 10000);
            r.Write<ushort>(b + 1, data);
            r.SetDescription(b + 1, SensorBands.Sentinel2Msi[b].Name);
        }
        r.SaveAs(path, RasterFormat.GeoTiff);
        return path;
    }

    [Fact]
    public void Help_says_what_the_interval_means()
    {
        var result = CliProcess.Run("cover", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("90 % interval", result.StdOut);
        Assert.Contains("9 in 10 true covers", result.StdOut);
        Assert.Contains("clipped to 0-100 %", result.StdOut);
    }

    [Fact]
    public void Prints_the_mask_cover_and_the_dkl_estimate_inside_its_interval()
    {
        using var dir = new TempFolder();
        var input = WriteScene(dir, "scene.tif");
        var result = CliProcess.Run("cover", input, "--model", "hollstein");
        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        var line = result.StdOut.Split('\n').Single(l => l.StartsWith(input, StringComparison.Ordinal));
        // "PATH   33.3%   0.0%   41.2%   20.1-62.3 %"
        var numbers = line[input.Length..].Replace("%", " ").Replace("-", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(5, numbers.Length);
        Assert.Equal(100.0 / 3, numbers[0], 0);   // a third of the pixels are cloud spectra
        Assert.Equal(0, numbers[1]);              // no shadow
        Assert.InRange(numbers[2], 0, 100);
        Assert.InRange(numbers[2], numbers[3], numbers[4]);
        Assert.True(numbers[4] > numbers[3], line);
    }

    [Fact]
    public void A_missing_input_fails_with_its_name_and_no_stack_trace()
    {
        using var dir = new TempFolder();
        var missing = dir.File("nothing.tif");
        var result = CliProcess.Run("cover", missing, "--model", "hollstein");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"failed   {missing}: ", result.StdOut);
        Assert.DoesNotContain("   at ", result.StdOut + result.StdErr);
    }

    [Fact]
    public void Cover_train_does_not_overwrite_an_earlier_run()
    {
        using var dir = new TempFolder();
        var output = dir.File("run");
        Directory.CreateDirectory(output);
        var model = Path.Combine(output, "cover-dkl.safetensors");
        File.WriteAllText(model, "earlier");
        var result = CliProcess.Run("cover", "train", "--out", output, "--simulated", "40");
        CliProcess.AssertCleanFailure(result, model, "already exists");
        Assert.Equal("earlier", File.ReadAllText(model));
    }

    [Fact]
    public void A_missing_cover_model_is_a_one_line_error_naming_it()
    {
        using var dir = new TempFolder();
        var input = WriteScene(dir, "scene.tif");
        var missing = dir.File("none.safetensors");
        CliProcess.AssertCleanFailure(CliProcess.Run("cover", input, "--model", "hollstein", "--cover-model", missing), missing, "no such");
    }

    [Fact]
    public void Predict_with_cover_writes_the_estimate_into_the_mask_json()
    {
        using var dir = new TempFolder();
        var input = WriteScene(dir, "scene.tif");
        var output = dir.File("out");
        var result = CliProcess.Run("predict", input, "--out", output, "--model", "hollstein", "--cover");
        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "scene.mask.json")));
        var cover = json.RootElement.GetProperty("cover_estimate");
        Assert.Equal(json.RootElement.GetProperty("cloud_cover_percent").GetDouble(), cover.GetProperty("mask_cover_percent").GetDouble(), 1);
        Assert.Equal(100.0 / 3, cover.GetProperty("mask_cover_percent").GetDouble(), 1);
        var estimate = cover.GetProperty("estimate_percent").GetDouble();
        double[] i50 = cover.GetProperty("interval50_percent").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double[] i90 = cover.GetProperty("interval90_percent").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.InRange(estimate, i50[0], i50[1]);
        Assert.True(i90[0] <= i50[0] && i90[1] >= i50[1], "the 90 % interval holds the 50 % one");
        Assert.True(cover.GetProperty("sd_percent").GetDouble() > 0);
        Assert.StartsWith("cloudmask-cover-svdkl@", cover.GetProperty("model").GetString());

        // Without --cover the object is absent.
        var plain = dir.File("plain");
        Assert.Equal(0, CliProcess.Run("predict", input, "--out", plain, "--model", "hollstein").ExitCode);
        using var plainJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(plain, "scene.mask.json")));
        Assert.False(plainJson.RootElement.TryGetProperty("cover_estimate", out _));
    }
}
