using System.Diagnostics;

namespace CloudMask.Nn.Benchmarks;

/// <summary>Median wall time of repeated runs after warm-up runs (the machine is shared and noisy,
/// so the median, not the mean or the best).</summary>
public static class BenchmarkTimer
{
    public static double MedianSeconds(Action action, int runs, int warmups = 1)
    {
        if (runs <= 0) throw new ArgumentOutOfRangeException(nameof(runs));
        for (var i = 0; i < warmups; i++) action();
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times[i] = sw.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return runs % 2 == 1 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
    }
}
