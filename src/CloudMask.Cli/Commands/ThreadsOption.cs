using System.CommandLine;
using CloudMask.Nn.Inference;

namespace CloudMask.Cli.Commands;

/// <summary>--threads, shared by predict and bench predict so the benchmark measures what predict does.</summary>
internal static class ThreadsOption
{
    public static Option<int?> Create() => new("--threads") { Description = "CPU threads for the network (default: all cores, or OMP_NUM_THREADS)." };

    /// <summary>Limits the network to the given threads until disposed; null (nothing to undo) when the option was not given.</summary>
    public static ComputeThreads? Apply(int? value) => value switch
    {
        null => null,
        < 1 => throw new ArgumentException($"--threads {value}: give 1 or more"),
        { } n => ComputeThreads.Use(n),
    };
}
