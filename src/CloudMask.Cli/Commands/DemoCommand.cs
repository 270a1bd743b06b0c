using System.CommandLine;
using System.Globalization;
using CloudMask.Masking.Classes;
using CloudMask.Masking.Evaluation;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using CloudMask.Raster;
using CloudMask.Simulation.Products;

namespace CloudMask.Cli.Commands;

/// <summary>
/// `cloudmask demo`: the README's first command. Simulates the built-in sample product (once),
/// masks it, and scores the mask against the sample's exact labels.
/// </summary>
internal static class DemoCommand
{
    private const string Marker = ".cloudmask-demo";

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder the demo owns and writes into.", DefaultValueFactory = _ => "cloudmask-demo" };
        var command = new Command("demo",
            "Run CloudMask end to end on its built-in sample: a small simulated Sentinel-2 L1C product (made once, then reused), "
            + "masked with the default network and, for comparison, with the Hollstein decision tree (each to a COG with a JSON summary "
            + "and a preview PNG), both scored against the sample's exact labels.")
        {
            output,
        };
        command.SetAction((parse, cancellation) =>
        {
            var folder = parse.GetValue(output)!;
            ClaimFolder(folder);
            var inv = CultureInfo.InvariantCulture;
            var stdout = Console.Out;

            stdout.WriteLine("CloudMask demo");
            Console.Error.WriteLine("making the built-in sample (a simulated Sentinel-2 L1C product; first run only) ...");
            var productPath = SampleProduct.GetOrCreate(Path.Combine(folder, "sample"));
            var labelPath = Path.Combine(Path.GetDirectoryName(productPath)!, Path.GetFileNameWithoutExtension(productPath) + ".label.tif");
            stdout.WriteLine($"1. sample product: {productPath}");

            using (var source = new Masking.Inputs.ProductSource(productPath))
            {
                var m = source.Product.Metadata;
                stdout.WriteLine(string.Format(inv, "2. read as: Sentinel-{0} {1}, tile {2}, baseline {3}, {4} bands at 10 m, {5} x {6} px, offsets {7}",
                    m.Spacecraft.Replace("Sentinel-", "", StringComparison.OrdinalIgnoreCase), m.Level, m.Tile, m.Baseline,
                    source.SpectralBands.Count, source.Width, source.Height,
                    m.AddOffsets.Count == 0 ? "none" : string.Join(' ', m.AddOffsets.Values.Distinct().Select(v => v.ToString(inv)))));
            }

            stdout.WriteLine("3. Masked with the default model, cloudmask-any (the sensor-independent network, models/cloudmask-any.safetensors):");
            MaskAndScore(ModelCatalog.Load(null), productPath, labelPath, folder, cancellation);

            stdout.WriteLine("4. For comparison, the Hollstein et al. 2016 decision tree (the rule-based baseline):");
            var baselineFolder = Path.Combine(folder, "hollstein");
            Directory.CreateDirectory(baselineFolder);
            MaskAndScore(ModelCatalog.Load("hollstein"), productPath, labelPath, baselineFolder, cancellation);

            stdout.WriteLine($"Look at the masks: ./cloudmask view {folder} (a map in the browser), or open {Path.Combine(folder, "*.mask.tif")} in QGIS, or the .preview.png.");
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>Masks the sample into <paramref name="folder"/> and scores the mask against the sample's exact labels.</summary>
    private static void MaskAndScore((ISegmentationModel Model, Masking.Output.ModelInfo Info) loaded, string productPath, string labelPath,
        string folder, CancellationToken cancellation)
    {
        var inv = CultureInfo.InvariantCulture;
        var stdout = Console.Out;
        var job = new MaskJob(loaded.Model, loaded.Info, new MaskJobOptions(folder, Overwrite: true, Preview: true));
        var outcome = job.Run(productPath, null, cancellation);
        if (outcome.Status != MaskJobStatus.Written) throw new IOException($"{productPath}: {outcome.Message}");
        foreach (var file in outcome.Files) stdout.WriteLine($"   wrote {file}");
        stdout.WriteLine(string.Format(inv, "   cloud cover {0:0.0} %, valid {1:0.0} % ({2})", outcome.Summary!.CloudCoverPercent, outcome.Summary.ValidPercent,
            string.Join(", ", outcome.Summary.ClassPercent.Select(kv => $"{kv.Key} {kv.Value:0.0} %"))));
        if (!File.Exists(labelPath)) return;
        var report = Evaluator.EvaluateMasks(loaded.Info.Id, [new ChipPair("sample", labelPath, outcome.Files[0])],
            ExternalMaskScheme.CloudMask, ExternalMaskScheme.CloudMask);
        stdout.WriteLine(string.Format(inv, "   against the sample's exact labels: overall accuracy {0:0.000}, cloudy F1 {1:0.000}, dice {2}",
            report.Total.OverallAccuracy, report.CloudyF1(),
            string.Join(", ", MaskClasses.Predicted.Select(c => $"{MaskClasses.Name(c)} {report.Total.Metrics(c).Dice:0.000}"))));
    }

    /// <summary>The demo writes only into a folder it created (marked), so it never replaces a user's files.</summary>
    private static void ClaimFolder(string folder)
    {
        if (Directory.Exists(folder) && !File.Exists(Path.Combine(folder, Marker)) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new OutputExistsException(folder + " (a folder the demo did not create; choose another with --out)");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, Marker), "This folder belongs to `cloudmask demo`, which replaces its contents on every run.\n");
    }
}
