using CloudMask.Nn.Modules;
using CloudMask.Nn.Optim;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Tests.Optim;

public class WeightAverageTests
{
    private static Sequential Net() => new(new Linear(2, 3, random: new Random(1)), new BatchNorm2d(3));

    private static void Fill(Module module, float value)
    {
        foreach (var (_, tensor) in module.StateDict()) tensor.Span.Fill(value);
        foreach (var p in module.Parameters()) p.MarkChanged();
    }

    private static float[] Values(Module module) => module.StateDict().Values.SelectMany(t => t.ToArray()).ToArray();

    [Fact]
    public void Mean_of_three_snapshots_goes_in_for_the_action_and_the_live_weights_come_back()
    {
        using var net = Net();
        using var average = new WeightAverage(net);
        foreach (var value in new[] { 1f, 2f, 6f }) { Fill(net, value); average.Add(); }
        Fill(net, -5f);

        var inside = average.Apply(() => Values(net));

        Assert.Equal(3, average.Count);
        Assert.All(inside, v => Assert.Equal(3f, v, 5)); // (1 + 2 + 6) / 3, parameters and batch-norm buffers alike
        Assert.All(Values(net), v => Assert.Equal(-5f, v)); // training goes on from its own weights
    }

    [Fact]
    public void A_restored_average_continues_as_if_never_interrupted()
    {
        using var net = Net();
        using var first = new WeightAverage(net);
        Fill(net, 2f); first.Add();
        Fill(net, 4f); first.Add();
        var saved = first.Apply(() => net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone()));

        using var resumed = new WeightAverage(net);
        resumed.Restore(saved, first.Count);
        Fill(net, 9f); resumed.Add();

        Assert.All(resumed.Apply(() => Values(net)), v => Assert.Equal(5f, v, 5)); // (2 + 4 + 9) / 3
        foreach (var t in saved.Values) t.Dispose();
    }

    [Fact]
    public void Applying_before_any_snapshot_is_refused()
    {
        using var net = Net();
        using var average = new WeightAverage(net);
        Assert.Throws<InvalidOperationException>(() => average.Apply(() => 0));
    }
}
