using System.CommandLine;

namespace CloudMask.Cli.Commands;

/// <summary>`cloudmask bench ...`: whole-job benchmarks that print measured numbers.
/// Each benchmark is its own subcommand in its own file (BenchEngineCommand.cs, ...).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure speed and memory of the engine, the reader, predict and the map viewer on this machine.");
        // Subcommands register here, one line each.
        bench.Add(BenchEngineCommand.Create());
        bench.Add(BenchPredictCommand.Create());
        bench.Add(BenchServeCommand.Create());
        bench.Add(BenchViewCommand.Create());
        return bench;
    }
}
