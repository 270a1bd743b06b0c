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
}
