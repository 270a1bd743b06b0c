using System.CommandLine;
using CloudMask.Masking.Inference;

namespace CloudMask.Cli.Commands;

/// <summary>--tiles-at-once, shared by predict and bench predict so the benchmark measures what predict does.</summary>
internal static class TilesAtOnceOption
{
    public static Option<int> Create() => new("--tiles-at-once")
    {
        Description = "Tiles the network works on at the same time, each on its share of the CPU threads. 0 (default): one per thread, "
            + $"at most {TilingOptions.MaxAutomaticWorkers} (each holds a few hundred MB of network buffers); 1: one tile at a time on all threads. "
            + "The mask is the same (byte for byte on the demo product; at most float rounding apart); only speed and memory change.",
        DefaultValueFactory = _ => 0,
    };

    /// <summary>The value, or a one-line error for a negative one.</summary>
    public static int Parse(int value) =>
        value >= 0 ? value : throw new ArgumentException($"--tiles-at-once {value}: give 0 (automatic) or 1 or more");
}
