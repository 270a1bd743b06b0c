using CloudMask.Simulation.Chips;
using CloudMask.Simulation.Sensors;

namespace CloudMask.Simulation.Tests;

public class SimulatedSampleSourceTests
{
    [Fact]
    public void Clear_share_makes_that_share_of_chips_cloud_free_and_leaves_the_rest_as_drawn()
    {
        var source = new SimulatedSampleSource(123_000, 40, 32, [SimulatedSensor.Sentinel2Msi], clearShare: 0.6);
        var clear = Enumerable.Range(0, source.Count).Where(source.IsClear).ToList();
        Assert.InRange(clear.Count, 16, 32); // 24 expected of 40
        foreach (var i in clear.Take(4))
            Assert.DoesNotContain(source.Load(i).Labels, l => l is 2 or 3 or 4);

        // Without a clear share the same seeds are the usual mixed draw, and some of them have clouds.
        var usual = new SimulatedSampleSource(123_000, 40, 32, [SimulatedSensor.Sentinel2Msi]);
        Assert.DoesNotContain(Enumerable.Range(0, usual.Count), usual.IsClear);
        Assert.Contains(Enumerable.Range(0, 12), i => usual.Load(i).Labels.Any(l => l is 3 or 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedSampleSource(1, 1, 32, [SimulatedSensor.Sentinel2Msi], clearShare: 1.5));
    }
}
