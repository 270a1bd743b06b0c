using System.CommandLine;
using CloudMask.Nn.Benchmarks;

namespace CloudMask.Cli.Commands;

/// <summary>`cloudmask bench engine`: convolution GFLOP/s, U-Net tile forward time and a U-Net
/// training step on this machine. The measuring lives in CloudMask.Nn.Benchmarks.EngineBenchmark;
/// this only parses options and prints.</summary>
internal static class BenchEngineCommand
{
    public static Command Create()
    {
        var defaults = new EngineBenchmarkOptions();
        var size = new Option<int>("--size") { Description = "Height and width of the 64->64 convolution input.", DefaultValueFactory = _ => defaults.ConvSize };
        var tile = new Option<int>("--tile") { Description = "U-Net tile size for the forward timing.", DefaultValueFactory = _ => defaults.TileSize };
        var bands = new Option<int>("--bands") { Description = "U-Net input bands.", DefaultValueFactory = _ => defaults.Bands };
        var filters = new Option<int>("--filters") { Description = "U-Net base filters (doubling per level, 5 levels).", DefaultValueFactory = _ => defaults.BaseFilters };
        var batch = new Option<int>("--train-batch") { Description = "Batch size of the training step.", DefaultValueFactory = _ => defaults.TrainBatch };
        var trainSize = new Option<int>("--train-size") { Description = "Tile size of the training step.", DefaultValueFactory = _ => defaults.TrainSize };
        var runs = new Option<int>("--runs") { Description = "Timed runs per measurement (the median is printed).", DefaultValueFactory = _ => defaults.Runs };
        var command = new Command("engine",
            "Measure the neural-network engine: 3x3 convolution GFLOP/s (forward, backward-data, backward-weights), "
            + "U-Net forward time per tile and one training step (forward + loss + backward + Adam).")
        {
            size, tile, bands, filters, batch, trainSize, runs,
        };
        command.SetAction(parse =>
        {
            var options = defaults with
            {
                ConvSize = parse.GetValue(size), TileSize = parse.GetValue(tile), Bands = parse.GetValue(bands),
                BaseFilters = parse.GetValue(filters), TrainBatch = parse.GetValue(batch), TrainSize = parse.GetValue(trainSize),
                Runs = parse.GetValue(runs),
            };
            var result = EngineBenchmark.Run(options, line => Console.Error.WriteLine($"  ... {line}"));
            Console.Out.Write(result.Format());
            return 0;
        });
        return command;
    }
}
