using System.Text.Json;
using CloudMask.Raster;
using CloudMask.TestSupport;

namespace CloudMask.Cli.Tests;

/// <summary>importance, uncertainty-check, select, active-learning and predict's --uncertainty-method, run as a user would.</summary>
public class AnalysisCommandTests
{
    private static string SimulatedChips(TempFolder dir, int count, int size)
    {
        var folder = dir.File("chips");
        var result = CliProcess.Run("simulate", "chips", "--out", folder, "--count", count.ToString(), "--size", size.ToString(), "--seed", "4242");
        Assert.True(result.ExitCode == 0, result.StdErr);
        return folder;
    }

    [Theory]
    [InlineData("importance", "fill it with 0")]
    [InlineData("uncertainty-check", "deciles")]
    [InlineData("select", "--budget")]
    [InlineData("active-learning", "random")]
    [InlineData("predict", "--uncertainty-method")]
    public void Help_explains_the_command(string command, string phrase)
    {
        var result = CliProcess.Run(command, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(phrase, result.StdOut);
    }

    [Fact]
    public void Importance_baseline_matches_evaluate_and_outputs_are_not_overwritten()
    {
        using var dir = new TempFolder();
        var chips = SimulatedChips(dir, 3, 64);
        var outFolder = dir.File("importance");
        var result = CliProcess.Run("importance", "--model", "hollstein", "--data", chips, "--method", "both", "--out", outFolder);
        Assert.True(result.ExitCode == 0, result.StdErr);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outFolder, "importance.json")));
        Assert.Equal(2, json.RootElement.GetArrayLength());
        var zero = json.RootElement[0];
        Assert.Equal("zero", zero.GetProperty("method").GetString());
        Assert.Equal(13, zero.GetProperty("bands").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(outFolder, "importance-zero.png")));
        Assert.True(File.Exists(Path.Combine(outFolder, "importance-shuffle.png")));
        Assert.Contains("summed", result.StdOut);

        // The unperturbed score is what `evaluate` measures on the same chips.
        var evaluation = CliProcess.Run("evaluate", chips, "--model", "hollstein", "--out", dir.File("eval"));
        Assert.True(evaluation.ExitCode == 0, evaluation.StdErr);
        using var report = JsonDocument.Parse(File.ReadAllText(dir.File("eval/report.json")));
        var classes = report.RootElement[0].GetProperty("classes");
        var baseline = zero.GetProperty("baseline_dice").EnumerateArray().ToList();
        string[] names = ["clear", "cloud_shadow", "semi_transparent_cloud", "cloud"];
        for (var k = 0; k < 4; k++)
        {
            var expected = classes.GetProperty(names[k]).GetProperty("dice");
            if (expected.ValueKind == JsonValueKind.Null) Assert.Equal(JsonValueKind.Null, baseline[k].ValueKind);
            else Assert.Equal(expected.GetDouble(), baseline[k].GetDouble(), 5);
        }

        var again = CliProcess.Run("importance", "--model", "hollstein", "--data", chips, "--out", outFolder);
        CliProcess.AssertCleanFailure(again, Path.Combine(outFolder, "importance-zero.png"), "exists");
    }

    [Fact]
    public void Select_exports_ranked_chips_whose_prelabels_become_labels()
    {
        using var dir = new TempFolder();
        var chips = SimulatedChips(dir, 1, 128);
        var image = Directory.GetFiles(chips, "*.tif").Single(f => !f.EndsWith(".label.tif"));
        var outFolder = dir.File("selected");
        // Hollstein is a decision tree (entropy 0 everywhere), so the score is its disagreement with the true labels.
        var result = CliProcess.Run("select", image, "--budget", "2", "--tile", "64", "--model", "hollstein", "--diversity", "0",
            "--compare-mask", "cloudmask:" + Path.Combine(chips, "{stem}.label.tif"), "--out", outFolder);
        Assert.True(result.ExitCode == 0, result.StdErr);
        var rows = File.ReadAllLines(Path.Combine(outFolder, "ranking.csv"));
        Assert.Equal(3, rows.Length);
        var header = rows[0].Split(',');
        var cells = rows.Skip(1).Select(r => r.Split(',')).ToList();
        int score = Array.IndexOf(header, "score"), disagreement = Array.IndexOf(header, "disagreement"), uncertainty = Array.IndexOf(header, "mean_uncertainty");
        Assert.All(cells, c => Assert.Equal("0", c[uncertainty]));
        Assert.All(cells, c => Assert.Equal(c[score], c[disagreement]));
        Assert.True(double.Parse(cells[0][score], System.Globalization.CultureInfo.InvariantCulture) >= double.Parse(cells[1][score], System.Globalization.CultureInfo.InvariantCulture));

        foreach (var prelabel in Directory.GetFiles(outFolder, "*.prelabel.tif"))
            File.Copy(prelabel, prelabel.Replace(".prelabel.tif", ".label.tif"));
        Assert.Equal(2, Directory.GetFiles(outFolder, "*.png").Length);
        var evaluation = CliProcess.Run("evaluate", outFolder, "--model", "hollstein", "--out", dir.File("eval"));
        Assert.True(evaluation.ExitCode == 0, evaluation.StdErr);
        using var report = JsonDocument.Parse(File.ReadAllText(dir.File("eval/report.json")));
        Assert.Equal(2, report.RootElement[0].GetProperty("chips").GetInt32());
        Assert.Equal(1.0, report.RootElement[0].GetProperty("overall_accuracy").GetDouble(), 9);

        var again = CliProcess.Run("select", image, "--budget", "2", "--tile", "64", "--model", "hollstein", "--out", outFolder);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("already exists", again.StdErr);
    }

    [Fact]
    public void Uncertainty_check_and_flip_uncertainty_run_on_simulated_chips()
    {
        using var dir = new TempFolder();
        var chips = SimulatedChips(dir, 2, 64);
        var check = CliProcess.Run("uncertainty-check", chips, "--model", "hollstein", "--out", dir.File("check"));
        Assert.True(check.ExitCode == 0, check.StdErr);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("check/uncertainty-deciles.json")));
        Assert.Equal(10, json.RootElement.GetProperty("deciles").GetArrayLength());

        var image = Directory.GetFiles(chips, "*.tif").First(f => !f.EndsWith(".label.tif"));
        var predict = CliProcess.Run("predict", image, "--model", "hollstein", "--uncertainty", "--uncertainty-method", "flips", "--out", dir.File("masks"));
        Assert.True(predict.ExitCode == 0, predict.StdErr);
        var band = Directory.GetFiles(dir.File("masks"), "*.uncertainty.tif").Single();
        using var raster = RasterDataset.Open(band);
        Assert.Equal("mutual information of flip passes", raster.Band(1).MetadataItem("METHOD"));
        // A per-pixel tree answers the same whichever way the tile is flipped: no disagreement anywhere.
        Assert.All(raster.Band(1).Read<byte>(), v => Assert.Equal(0, v));

        var dropout = CliProcess.Run("predict", image, "--model", "hollstein", "--uncertainty", "--uncertainty-method", "dropout", "--out", dir.File("masks2"));
        Assert.NotEqual(0, dropout.ExitCode);
        Assert.Contains("no dropout", dropout.StdErr);
        Assert.DoesNotContain("   at ", dropout.StdErr);
    }

    [Fact]
    public void A_chip_the_model_cannot_read_is_refused_naming_the_file()
    {
        using var dir = new TempFolder();
        var folder = dir.File("l8");
        var result = CliProcess.Run("simulate", "chips", "--out", folder, "--count", "1", "--size", "32", "--sensor", "l8", "--seed", "7");
        Assert.True(result.ExitCode == 0, result.StdErr);
        var image = Directory.GetFiles(folder, "*.tif").Single(f => !f.EndsWith(".label.tif"));
        var refused = CliProcess.Run("importance", "--model", "hollstein", "--data", folder, "--out", dir.File("imp"));
        CliProcess.AssertCleanFailure(refused, image, "needs Sentinel-2");
        Assert.False(Directory.Exists(dir.File("imp")));
    }

    [Fact]
    public void Active_learning_writes_a_curve_for_both_strategies()
    {
        using var dir = new TempFolder();
        var result = CliProcess.Run("active-learning", "--out", dir.Path + "/al", "--repeats", "1", "--pool", "8", "--test", "2", "--size", "32",
            "--initial", "2", "--budget", "2", "--rounds", "1", "--initial-steps", "2", "--steps", "2", "--crop", "32");
        Assert.True(result.ExitCode == 0, result.StdErr);
        var rows = File.ReadAllLines(Path.Combine(dir.Path, "al", "curve.csv")).Skip(1).Select(r => r.Split(',')).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Equal(["2", "4"], rows.Where(r => r[1] == "uncertainty").Select(r => r[3]));
        Assert.Equal(["2", "4"], rows.Where(r => r[1] == "random").Select(r => r[3]));
        Assert.True(File.Exists(Path.Combine(dir.Path, "al", "active-learning.png")));
    }
}
