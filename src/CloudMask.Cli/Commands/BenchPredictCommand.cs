using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CloudMask.Cli.Benchmarks;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using CloudMask.Simulation.Products;

namespace CloudMask.Cli.Commands;

/// <summary>
/// `cloudmask bench predict`: simulates (once, cached) a Sentinel-2 L1C product and masks it,
/// printing wall time, peak memory and the share of each stage.
/// </summary>
internal static class BenchPredictCommand
{
    public static Command Create()
    {
        var size = new Option<int>("--size") { Description = "Product size in pixels at 10 m (10980 = a full tile; multiple of 6).", DefaultValueFactory = _ => 10980 };
        var model = new Option<string>("--model") { Description = $"Model to run: {string.Join(", ", ModelCatalog.Entries.Select(e => e.Name))}, or a .safetensors weights file.", DefaultValueFactory = _ => ModelCatalog.DefaultName };
        var cache = new Option<string>("--cache") { Description = "Where the simulated product is kept between runs.", DefaultValueFactory = _ => BenchCache.Folder() };
        var threads = ThreadsOption.Create();
        var tilesAtOnce = TilesAtOnceOption.Create();
        var backend = BackendOption.Create();
        var command = new Command("predict", "Mask a simulated full-size Sentinel-2 L1C product (made once and cached) and report wall time, peak memory and stage shares.")
        {
            size, model, cache, threads, tilesAtOnce, backend,
        };
        command.SetAction((parse, cancellation) =>
        {
            using var threadLimit = ThreadsOption.Apply(parse.GetValue(threads));
            var tiling = new TilingOptions(Workers: TilesAtOnceOption.Parse(parse.GetValue(tilesAtOnce)));
            var engine = BackendOption.Parse(parse.GetValue(backend));
            var (loaded, info) = ModelCatalog.Load(parse.GetValue(model));
            (loaded, info) = BackendOption.Apply(engine, loaded, info);
            var folder = Path.Combine(parse.GetValue(cache)!, $"l1c-{parse.GetValue(size)}");
            Directory.CreateDirectory(folder);
            var request = new ProductRequest(Seed: 4242, Size: parse.GetValue(size), PartialTileChance: 0);
            var product = Directory.GetDirectories(folder, "*.SAFE").FirstOrDefault();
            if (product is null)
            {
                Console.Error.WriteLine($"simulating a {request.Size} px L1C product into {folder} (first run only) ...");
                product = SafeProductWriter.Write(request, folder, overwrite: true,
                    (stage, fraction) => Console.Error.Write($"\r  {stage} {fraction:P0}   ")).ProductPath;
                Console.Error.WriteLine();
            }
            var output = Path.Combine(folder, "out");
            Directory.CreateDirectory(output);
            var memoryBefore = PeakMemory.Bytes();
            var clock = Stopwatch.StartNew();
            var outcome = new MaskJob(loaded, info, new MaskJobOptions(output, Overwrite: true, Tiling: tiling)).Run(product,
                new Progress<double>(f => Console.Error.Write($"\r  masking {f:P0}   ")), cancellation);
            var wall = clock.Elapsed.TotalSeconds;
            Console.Error.WriteLine();
            if (outcome.Status != MaskJobStatus.Written) throw new IOException($"{product}: {outcome.Message}");

            var inv = CultureInfo.InvariantCulture;
            var timings = outcome.Summary!.TimingsSeconds;
            Console.Out.WriteLine($"bench predict: {Path.GetFileName(product)} ({request.Size} x {request.Size} px, 13 bands), model {info.Id} on {Backend(loaded)}, {Environment.ProcessorCount} cores, {Split(tiling)}");
            Console.Out.WriteLine(string.Format(inv, "wall time      {0,8:0.0} s", wall));
            Console.Out.WriteLine(string.Format(inv, "peak memory    {0,8:0.00} GiB (before masking: {1:0.00} GiB)", PeakMemory.Bytes() / 1073741824.0, memoryBefore / 1073741824.0));
            // Decoding runs on its own thread while the model works, so "read" overlaps "model";
            // "read_wait" is the time the model actually waited for data.
            foreach (var stage in new[] { "open", "read", "read_wait", "model", "blend", "shadow_check", "write" })
                if (timings.TryGetValue(stage, out var seconds))
                    Console.Out.WriteLine(string.Format(inv, "  {0,-12} {1,8:0.0} s {2,5:0} % of wall{3}", stage, seconds, 100 * seconds / wall,
                        stage == "read" ? " (background thread, overlaps the model)" : ""));
            return Task.FromResult(0);
        });
        return command;
    }

    private static string Backend(ISegmentationModel model) => model is Onnx.OnnxRuntimeModel ? Onnx.OnnxRuntimeModel.EngineDescription : "our engine";

    private static string Split(TilingOptions tiling)
    {
        var (workers, threadsEach) = tiling.Split(CloudMask.Nn.Inference.ComputeThreads.Current);
        return $"{workers} tile(s) at once x {threadsEach} thread(s)";
    }
}
