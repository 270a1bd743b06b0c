using CloudMask.Masking.Models;
using CloudMask.TestSupport;

namespace CloudMask.Cli.Tests;

public class CalibrateCommandTests
{
    [Fact]
    public void Calibrate_writes_a_weights_copy_whose_offsets_evaluate_and_never_replaces_a_file_unasked()
    {
        using var dir = new TempFolder();
        string chips = dir.File("chips"), weights = dir.File("small.safetensors"), calibrated = dir.File("calibrated.safetensors");
        Assert.Equal(0, CliProcess.Run("simulate", "chips", "--out", chips, "--count", "2", "--size", "64", "--seed", "515").ExitCode);
        TinyWeights.Save(weights, seed: 3);

        var result = CliProcess.Run("calibrate", chips, "--model", weights, "--out", calibrated);

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        Assert.Contains("logit offsets (clear, shadow, thin cloud, cloud): 0,", result.StdOut);
        var metadata = NetworkFile.ReadMetadata(calibrated);
        var offsets = LogitOffsets.Parse(metadata[LogitOffsets.MetadataKey]);
        Assert.Equal(0f, offsets.Values[0]);
        Assert.Contains("2 chips", metadata["calibration_data"]);
        Assert.Equal(NetworkFile.ReadMetadata(weights)["filters"], metadata["filters"]); // the same network, with offsets
        // The calibrated copy scores what calibrate said it would on its own chips (one pooled mean dice).
        var reported = result.StdOut.Split("->")[1].Trim().Split(' ', '\n')[0];
        var evaluation = CliProcess.Run("evaluate", chips, "--model", calibrated, "--out", dir.File("report"), "--keep-lone-shadows");
        Assert.True(evaluation.ExitCode == 0, evaluation.StdErr);
        Assert.Contains(" " + reported + " ", evaluation.StdOut.Split('\n')[1]);

        var again = CliProcess.Run("calibrate", chips, "--model", weights, "--out", calibrated);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("already exists", again.StdErr);
        var rule = CliProcess.Run("calibrate", chips, "--model", "hollstein", "--out", dir.File("h.safetensors"));
        Assert.NotEqual(0, rule.ExitCode);
        Assert.Contains("calibrate needs a network", rule.StdErr);
        Assert.DoesNotContain("   at ", again.StdErr + rule.StdErr);
    }

    [Fact]
    public void Calibrate_with_bands_keeps_its_offsets_for_inputs_of_that_reach_only()
    {
        using var dir = new TempFolder();
        string chips = dir.File("chips"), weights = dir.File("small.safetensors"), calibrated = dir.File("rgb.safetensors");
        Assert.Equal(0, CliProcess.Run("simulate", "chips", "--out", chips, "--count", "2", "--size", "64", "--seed", "516").ExitCode);
        TinyWeights.Save(weights, seed: 4);

        var result = CliProcess.Run("calibrate", chips, "--model", weights, "--bands", "rgb", "--out", calibrated);

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        Assert.Contains("for inputs whose bands reach visible only", result.StdOut);
        var metadata = NetworkFile.ReadMetadata(calibrated);
        Assert.False(metadata.ContainsKey(LogitOffsets.MetadataKey)); // the general offsets are left alone
        var table = LogitOffsetTable.FromMetadata(metadata);
        Assert.True(table.HasOwn(BandCoverage.Visible));
        Assert.Contains("(rgb) (2 chips", metadata["calibration_data.visible"]);
        // Scored with R, G, B the copy differs from the original; with all bands it scores exactly as the original.
        // (Not the reported dice to the digit: this untrained network's probabilities are near-ties that
        // calibrate sees rounded to 1/255.)
        string Row(string model, string output, params string[] extra)
        {
            var run = CliProcess.Run(["evaluate", chips, "--model", model, "--out", dir.File(output), .. extra]);
            Assert.True(run.ExitCode == 0, run.StdErr);
            // The row's numbers (chips, OA, mean dice, cloudy F1 and the four dice), without the model's name.
            return string.Join(' ', run.StdOut.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).TakeLast(8));
        }
        Assert.NotEqual(Row(weights, "rgb0", "--bands", "rgb"), Row(calibrated, "rgb1", "--bands", "rgb"));
        Assert.Equal(Row(weights, "all0"), Row(calibrated, "all1"));
    }
}
