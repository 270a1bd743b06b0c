using System.Globalization;
using System.Text;

namespace CloudMask.Nn.Benchmarks;

public sealed class EngineBenchmarkResult
{
    public required EngineBenchmarkOptions Options { get; init; }
    public int Threads { get; init; }
    public string ConvImplementation { get; set; } = "";
    public double ConvForwardGflops { get; set; }
    public double ConvBackwardDataGflops { get; set; }
    public double ConvBackwardWeightsGflops { get; set; }
    public double ConvForwardWithReordersGflops { get; set; }
    public double ConvBackwardDataWithReordersGflops { get; set; }
    public double ConvBackwardWeightsWithReordersGflops { get; set; }
    public double UNetModuleForwardSeconds { get; set; }
    public double TileParallelSecondsPerTile { get; set; }
    public double UNetForwardSeconds { get; set; }
    public double UNetForwardGflop { get; set; }
    public double TrainStepSeconds { get; set; }

    public string Format()
    {
        var o = Options;
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        s.AppendLine(c, $"oneDNN threads: {Threads}; medians of {o.Runs} runs");
        s.AppendLine(c, $"conv 3x3 64->64 on 1x64x{o.ConvSize}x{o.ConvSize} ({ConvImplementation})");
        s.AppendLine(c, $"                   oneDNN kernel   with NCHW reorders");
        s.AppendLine(c, $"  forward          {ConvForwardGflops,7:F1} GFLOP/s  {ConvForwardWithReordersGflops,7:F1} GFLOP/s");
        s.AppendLine(c, $"  backward-data    {ConvBackwardDataGflops,7:F1} GFLOP/s  {ConvBackwardDataWithReordersGflops,7:F1} GFLOP/s");
        s.AppendLine(c, $"  backward-weights {ConvBackwardWeightsGflops,7:F1} GFLOP/s  {ConvBackwardWeightsWithReordersGflops,7:F1} GFLOP/s");
        s.AppendLine(c, $"U-Net 5 levels, base {o.BaseFilters}, {o.Bands} bands, {o.TileSize}x{o.TileSize} ({UNetForwardGflop:F1} GFLOP per tile):");
        s.AppendLine(c, $"  forward, compiled session, oneDNN threads:   {UNetForwardSeconds:F3} s/tile ({UNetForwardGflop / UNetForwardSeconds:F0} GFLOP/s)");
        s.AppendLine(c, $"  forward, one tile per core, 1 thread each:   {TileParallelSecondsPerTile:F3} s/tile");
        s.AppendLine(c, $"  forward, module by module (Sequential eval): {UNetModuleForwardSeconds:F3} s/tile");
        s.AppendLine(c, $"U-Net training step (forward + soft dice + backward + Adam), batch {o.TrainBatch} at {o.TrainSize}x{o.TrainSize}: {TrainStepSeconds:F3} s");
        return s.ToString();
    }
}
