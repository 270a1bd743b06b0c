using CloudMask.Masking.Classes;
using CloudMask.Masking.Training;
using CloudMask.TestSupport;

namespace CloudMask.Masking.Tests;

public class TrainingPlanTests
{
    [Fact]
    public void A_plan_names_its_sources_with_placeholders_classes_and_weights()
    {
        using var dir = new TempFolder();
        var path = dir.File("plan.json");
        File.WriteAllText(path, """
            {
              "description": "test plan", // comments are allowed
              "train": [
                { "name": "real", "chips": "{data}/chips-real", "include": ["a_*"], "exclude": ["a_9"], "classes": "2", "weight": 0.6 },
                { "name": "sim", "simulated": { "count": 10, "size": 64, "seed": 7, "sensors": "s2,l8", "clear_share": 0.5 }, "weight": 0.4 },
                { "name": "made", "chips": "{work}/sim/cirrus" },
                { "name": "local", "chips": "relative/folder", "classes": 3 },
                { "name": "painted", "chips": "p", "classes": "shadow-only" }
              ],
              "validate": [ { "name": "held", "chips": "{data}/chips-dev", "include": ["biome_Urban_*"], "classes": "no-shadow", "size": 512 } ]
            }
            """);
        var plan = TrainingPlan.Load(path, "/data", "/work");
        Assert.Equal("test plan", plan.Description);
        Assert.Equal(5, plan.Train.Count);
        Assert.Equal(LabelClassSet.ShadowOnly, plan.Train[4].Classes);
        var real = plan.Train[0];
        Assert.Equal(("/data/chips-real", LabelClassSet.Two, 0.6), (real.Chips, real.Classes, real.Weight));
        Assert.Equal(["a_*"], real.Include);
        Assert.Equal(["a_9"], real.Exclude);
        var sim = plan.Train[1].Simulated!;
        Assert.Equal((10, 64, 7, 0.5), (sim.Count, sim.Size, sim.Seed, sim.ClearShare));
        Assert.Equal(["s2", "l8"], sim.Sensors);
        Assert.Null(plan.Train[1].Chips);
        Assert.Equal("/work/sim/cirrus", plan.Train[2].Chips);
        Assert.Equal(1.0, plan.Train[2].Weight);
        Assert.Equal(Path.Combine(dir.Path, "relative", "folder"), plan.Train[3].Chips);
        Assert.Equal(LabelClassSet.Three, plan.Train[3].Classes);
        Assert.Equal((LabelClassSet.NoShadow, 512), (plan.Validate[0].Classes, plan.Validate[0].ValidationSize));
    }

    [Theory]
    [InlineData("{}", "no \"train\" list")]
    [InlineData("{\"train\": []}", "\"train\" is empty")]
    [InlineData("{\"train\": [{\"name\": \"x\"}]}", "train entry 'x': give either \"chips\"")]
    [InlineData("{\"train\": [{\"chips\": \"a\", \"classes\": \"5\"}]}", "\"classes\" must be 4, 3, 2, no-shadow or shadow-only")]
    [InlineData("{\"train\": [{\"chips\": \"a\", \"weight\": 0}]}", "\"weight\" must be a positive number")]
    [InlineData("{\"train\": [{\"chips\": \"a\"}], \"validate\": [{\"name\": \"v\", \"simulated\": {\"count\": 3}}]}", "validation takes labelled chip folders only")]
    [InlineData("{\"train\": [{\"chips\": \"a\"}], \"validate\": [{\"name\": \"v\", \"chips\": \"b\", \"size\": 100}]}", "multiple of 32")]
    [InlineData("not json", "not valid JSON")]
    public void A_bad_plan_is_refused_naming_the_file_and_entry(string json, string message)
    {
        using var dir = new TempFolder();
        var path = dir.File("plan.json");
        File.WriteAllText(path, json);
        var error = Assert.Throws<InvalidDataException>(() => TrainingPlan.Load(path, "/data", "/work"));
        Assert.Contains(message, error.Message);
        Assert.StartsWith(path, error.Message);
    }
}
