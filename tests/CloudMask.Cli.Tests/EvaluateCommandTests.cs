using System.Text.Json;
using CloudMask.Raster;
using CloudMask.TestSupport;

namespace CloudMask.Cli.Tests;

public class EvaluateCommandTests
{
    internal static void WriteCodes(string path, byte[] codes, int width)
    {
        using var r = new InMemoryRaster(width, codes.Length / width, 1, RasterDataType.Byte);
        r.Write<byte>(1, codes);
        r.SaveAs(path, RasterFormat.GeoTiff);
    }

    /// <summary>Two labelled chips and two mask folders: one a perfect copy in Fmask codes, one all clear.</summary>
    internal static (string Chips, string Perfect, string AllClear) Fixture(TempFolder dir)
    {
        string chips = dir.File("chips"), perfect = dir.File("fmask"), clear = dir.File("clear");
        foreach (var d in new[] { chips, perfect, clear }) Directory.CreateDirectory(d);
        byte[] a = [1, 1, 4, 4, 2, 1, 3, 0], b = [4, 4, 4, 1, 1, 1, 5, 2];
        WriteCodes(Path.Combine(chips, "a.label.tif"), a, 4);
        WriteCodes(Path.Combine(chips, "b.label.tif"), b, 4);
        // Fmask codes: 0 clear, 2 shadow, 4 cloud (no thin class: thin labelled pixels become cloud).
        byte ToFmask(byte c) => c switch { 2 => 2, 3 or 4 => 4, _ => 0 };
        WriteCodes(Path.Combine(perfect, "a.tif"), a.Select(ToFmask).ToArray(), 4);
        WriteCodes(Path.Combine(perfect, "b.tif"), b.Select(ToFmask).ToArray(), 4);
        WriteCodes(Path.Combine(clear, "a.mask.tif"), Enumerable.Repeat((byte)1, 8).ToArray(), 4);
        WriteCodes(Path.Combine(clear, "b.mask.tif"), Enumerable.Repeat((byte)1, 8).ToArray(), 4);
        return (chips, perfect, clear);
    }

    [Fact]
    public void Compare_scores_external_masks_side_by_side_through_the_class_mapping()
    {
        using var dir = new TempFolder();
        var (chips, perfect, clear) = Fixture(dir);
        var report = dir.File("report");
        var result = CliProcess.Run("compare", chips, "--masks", $"fmask:{perfect}", "--masks", $"cloudmask:{clear}", "--out", report);
        Assert.True(result.ExitCode == 0, result.StdErr);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "report.json")));
        var fmask = json.RootElement[0];
        var allClear = json.RootElement[1];
        // 14 labelled pixels (one 0 and one 5 ignored); Fmask has no thin class: the one thin pixel is wrong.
        Assert.Equal(14, fmask.GetProperty("pixels").GetInt64());
        Assert.Equal(13.0 / 14, fmask.GetProperty("overall_accuracy").GetDouble(), 6);
        Assert.Equal(1.0, fmask.GetProperty("cloudy_f1").GetDouble(), 6);
        // All clear: right on the 6 clear pixels only.
        Assert.Equal(6.0 / 14, allClear.GetProperty("overall_accuracy").GetDouble(), 6);
        Assert.True(File.Exists(Path.Combine(report, "report.html")));
        Assert.True(File.Exists(Path.Combine(report, "confusion-2.png")));
        Assert.Contains("fmask:", result.StdOut);
    }

    [Fact]
    public void Three_label_classes_forgive_fmask_its_missing_thin_class()
    {
        // The same Fmask folder as above: 13 of 14 right with four classes (the thin pixel was called
        // cloud), all 14 once thin cloud counts as cloud on both sides.
        using var dir = new TempFolder();
        var (chips, perfect, _) = Fixture(dir);
        var result = CliProcess.Run("evaluate", chips, "--masks", $"fmask:{perfect}", "--label-classes", "3", "--out", dir.File("r"));
        Assert.True(result.ExitCode == 0, result.StdErr);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("r/report.json")));
        var fmask = json.RootElement[0];
        Assert.Equal(3, fmask.GetProperty("label_classes").GetInt32());
        Assert.Equal(1.0, fmask.GetProperty("overall_accuracy").GetDouble(), 6);
        Assert.EndsWith("3-class", fmask.GetProperty("name").GetString());

        var wrong = CliProcess.Run("evaluate", chips, "--masks", $"fmask:{perfect}", "--label-classes", "5", "--out", dir.File("w"));
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("--label-classes 5", wrong.StdErr);
        Assert.DoesNotContain("   at ", wrong.StdErr);
    }

    [Fact]
    public void Evaluate_refuses_two_things_and_missing_folders_cleanly()
    {
        using var dir = new TempFolder();
        var (chips, perfect, clear) = Fixture(dir);
        var two = CliProcess.Run("evaluate", chips, "--masks", $"fmask:{perfect}", "--masks", $"cloudmask:{clear}", "--out", dir.File("r"));
        Assert.NotEqual(0, two.ExitCode);
        Assert.Contains("use compare", two.StdErr);
        var missing = CliProcess.Run("evaluate", dir.File("nowhere"), "--masks", $"fmask:{perfect}", "--out", dir.File("r"));
        CliProcess.AssertCleanFailure(missing, dir.File("nowhere"), "no such folder");
    }

    [Fact]
    public void Evaluate_with_nothing_named_scores_the_default_model_and_compare_asks_for_a_list()
    {
        using var dir = new TempFolder();
        var chips = dir.File("chips");
        Assert.Equal(0, CliProcess.Run("simulate", "chips", "--out", chips, "--count", "1", "--size", "64", "--seed", "4344").ExitCode);
        var unnamed = CliProcess.Run("evaluate", chips, "--out", dir.File("unnamed"));
        var named = CliProcess.Run("evaluate", chips, "--model", "cloudmask-any", "--out", dir.File("named"));
        Assert.True(unnamed.ExitCode == 0, unnamed.StdErr);
        Assert.True(named.ExitCode == 0, named.StdErr);
        using var a = JsonDocument.Parse(File.ReadAllText(dir.File("unnamed/report.json")));
        using var b = JsonDocument.Parse(File.ReadAllText(dir.File("named/report.json")));
        Assert.Equal(b.RootElement[0].GetProperty("name").GetString(), a.RootElement[0].GetProperty("name").GetString());
        Assert.Equal(b.RootElement[0].GetProperty("confusion").GetRawText(), a.RootElement[0].GetProperty("confusion").GetRawText());

        var compare = CliProcess.Run("compare", chips, "--out", dir.File("c"));
        Assert.NotEqual(0, compare.ExitCode);
        Assert.Contains("name what to compare", compare.StdErr);
        Assert.False(Directory.Exists(dir.File("c")));
    }

    [SkippableFact]
    public void Evaluate_a_model_on_the_real_landsat_chips_reports_a_refusal_for_missing_bands()
    {
        // The Hollstein tree needs Sentinel-2 bands: on Landsat chips it must say so, not crash.
        var chips = SharedData.RequireFolder("chips-dev");
        using var dir = new TempFolder();
        var result = CliProcess.Run("evaluate", chips, "--model", "hollstein", "--out", dir.Path);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("needs Sentinel-2 L1C bands", result.StdErr);
    }
    [Fact]
    public void Flips_averages_the_model_over_flipped_chips_and_says_so_in_the_report()
    {
        // The Hollstein tree looks at one pixel at a time, so flipping a chip and flipping the answer
        // back changes nothing: the flip-averaged scores must equal the plain ones, under another name.
        using var dir = new TempFolder();
        var chips = dir.File("chips");
        Assert.Equal(0, CliProcess.Run("simulate", "chips", "--out", chips, "--count", "2", "--size", "48", "--seed", "4343").ExitCode);
        var plain = CliProcess.Run("evaluate", chips, "--model", "hollstein", "--out", dir.File("plain"));
        var flipped = CliProcess.Run("evaluate", chips, "--model", "hollstein", "--flips", "--out", dir.File("flips"));
        Assert.True(plain.ExitCode == 0, plain.StdErr);
        Assert.True(flipped.ExitCode == 0, flipped.StdErr);
        using var a = JsonDocument.Parse(File.ReadAllText(dir.File("plain/report.json")));
        using var b = JsonDocument.Parse(File.ReadAllText(dir.File("flips/report.json")));
        Assert.DoesNotContain("+flips", a.RootElement[0].GetProperty("name").GetString());
        Assert.EndsWith("+flips", b.RootElement[0].GetProperty("name").GetString());
        Assert.Equal(a.RootElement[0].GetProperty("confusion").GetProperty("counts").GetRawText(),
            b.RootElement[0].GetProperty("confusion").GetProperty("counts").GetRawText());
    }
}
