using System.Text.Json;
using CloudMask.TestSupport;

namespace CloudMask.Cli.Tests;

/// <summary>
/// The shipped default model on real Sentinel-2 L1C (five dates of one 1 km patch in Slovenia,
/// eo-learn's test data, in ../shared/data/s2-unlabelled). Unlabelled, but unambiguous by eye:
/// reference 0 lies under cloud from edge to edge, references 2-4 are clear. A candidate that
/// called dark conifer forest shadow (session 8's D8: 6 % of reference 2) must not be shipped.
/// </summary>
public class ShippedModelRealSceneTests
{
    private static Dictionary<string, double> ClassPercent(string maskJson)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(maskJson));
        Assert.StartsWith("cloudmask-any", json.RootElement.GetProperty("model").GetProperty("id").GetString());
        return json.RootElement.GetProperty("class_percent").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
    }

    [SkippableFact]
    public void Default_model_calls_under_one_percent_of_real_clear_scenes_cloud_or_shadow_and_finds_the_overcast_one()
    {
        var scenes = new[] { 0, 2, 3, 4 }.Select(i => SharedData.RequireFile($"s2-unlabelled/eolearn_reference_{i}.tif")).ToArray();
        using var dir = new TempFolder();
        var result = CliProcess.Run(["predict", .. scenes, "--out", dir.Path]);
        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);

        var overcast = ClassPercent(Path.Combine(dir.Path, "eolearn_reference_0.mask.json"));
        Assert.True(overcast["cloud"] + overcast["semi_transparent_cloud"] >= 90, $"reference 0: {Describe(overcast)}");
        foreach (var clear in new[] { 2, 3, 4 })
        {
            var percent = ClassPercent(Path.Combine(dir.Path, $"eolearn_reference_{clear}.mask.json"));
            Assert.True(percent["cloud"] + percent["semi_transparent_cloud"] < 1, $"reference {clear}: {Describe(percent)}");
            Assert.True(percent["cloud_shadow"] < 1, $"reference {clear}: {Describe(percent)}");
        }
    }

    private static string Describe(Dictionary<string, double> percent) => string.Join(", ", percent.Select(p => $"{p.Key} {p.Value:F1} %"));
}
