using CloudMask.TestSupport;

namespace CloudMask.Cli.Tests;

public class TrainCommandTests
{
    [Theory]
    [InlineData("--class-weights", "1,3,2", "give 4 weights")]
    [InlineData("--class-weights", "1,3,-2,1", "'-2' is not a positive number")]
    [InlineData("--common-sets", "rgb,cirrus", "unknown band set 'cirrus'")]
    [InlineData("--average-from", "-1", "--average-from -1 must be 0 (off) or an epoch number")]
    public void Bad_training_options_fail_in_one_line_before_anything_is_written(string option, string value, string message)
    {
        using var dir = new TempFolder();
        var output = dir.File("run");
        var result = CliProcess.Run("train", "--out", output, "--simulated", "2", option, value);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.StdErr);
        Assert.Single(result.StdErr.Trim().Split('\n'), l => l.Contains("error"));
        Assert.DoesNotContain("   at ", result.StdOut + result.StdErr);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Validate_start_scores_the_init_weights_before_the_first_epoch()
    {
        using var dir = new TempFolder();
        string weights = dir.File("small.safetensors"), output = dir.File("run");
        TinyWeights.Save(weights, seed: 3);

        var result = CliProcess.Run("train", "--out", output, "--init", weights, "--simulated", "6", "--sim-size", "64", "--crop", "32",
            "--batch", "2", "--epochs", "1", "--steps", "2", "--validate-start");

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        var lines = result.StdErr.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("starting weights: val loss"));
        Assert.True(start >= 0, result.StdErr);
        Assert.True(start < Array.FindIndex(lines, l => l.StartsWith("epoch 1/1:")), result.StdErr); // before the first epoch
        Assert.True(File.Exists(Path.Combine(output, "best.safetensors")));
    }
}
