using System.CommandLine;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using CloudMask.Stac;
using Spectre.Console;

namespace CloudMask.Cli.Commands;

/// <summary>`cloudmask predict INPUT... --out DIR`: masks inputs and writes COG masks with JSON summaries.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("INPUT")
        {
            Description = "Sentinel-2 products (.SAFE folder, .zip, or MTD_MSIL1C/2A.xml), GeoTIFF band stacks "
                + "(bands named B01..B12/B8A, OLI_B*, ETM_B* or with wavelength metadata; a path or an http(s) URL), "
                + "or STAC Items of Sentinel-2 L1C/L2A products (a .json file or a URL; band files are read where the Item points, through GDAL).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out") { Description = "Folder for the outputs (created if missing).", Required = true };
        var model = new Option<string>("--model") { Description = $"Model name: {string.Join(", ", ModelCatalog.Entries.Select(e => e.Name))}, or a .safetensors weights file.", DefaultValueFactory = _ => ModelCatalog.DefaultName };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing outputs instead of skipping the input." };
        var probabilities = new Option<bool>("--probabilities") { Description = "Also write STEM.prob.tif: one band per class, probability x 255." };
        var preview = new Option<bool>("--preview") { Description = "Also write STEM.preview.png (true colour with the mask laid over it) and STEM.rgb.tif (the true colour alone as a COG on the mask's grid, which `cloudmask view` lays the mask over)." };
        var uncertainty = new Option<bool>("--uncertainty") { Description = "Also write STEM.uncertainty.tif: predictive entropy of the class probabilities, 0 (certain) to 255." };
        var uncertaintyMethod = new Option<string>("--uncertainty-method") { Description = "How --uncertainty is computed: entropy (one pass, predictive entropy) or flips (the model also runs on the tile flipped 3 ways, 4x slower; the band is the mutual information between passes, i.e. how much they disagree). The method is written into the band's metadata.", DefaultValueFactory = _ => "entropy" };
        var cover = new Option<bool>("--cover") { Description = "Also estimate the scene's cloud cover with the deep-kernel-learning model (models/cover-dkl.safetensors) and write it with its 50 % and 90 % intervals as \"cover_estimate\" in STEM.mask.json (see `cloudmask cover --help`)." };
        var resolution = new Option<int?>("--resolution")
        {
            Description = "Pixel size of the mask in metres. Sentinel-2 products: 10 (default), 20 or 60. Band stacks: their own pixel size "
                + "by default; another size resamples them (area average when coarser; needs a CRS in metres).",
        };
        var threads = ThreadsOption.Create();
        var tile = new Option<int>("--tile") { Description = "Tile size in pixels for the model.", DefaultValueFactory = _ => 512 };
        var tilesAtOnce = TilesAtOnceOption.Create();
        var bandNames = BandNamesOption.Create();
        var keepLoneShadows = KeepLoneShadowsOption.Create();
        var backend = BackendOption.Create();
        var command = new Command("predict",
            "Mask clouds, thin clouds and cloud shadows. For each INPUT writes OUT/STEM.mask.tif (Cloud-Optimized GeoTIFF: "
            + "0 missing, 1 clear, 2 cloud shadow, 3 semi-transparent cloud, 4 cloud; nodata 0; colour table; the input's grid) "
            + "OUT/STEM.mask.json (class percentages, cloud cover, model, timings) and OUT/STEM.item.json (a STAC Item of the mask and the other outputs, "
            + "with eo:cloud_cover and the class table; for a STAC Item input its id names the outputs). Existing outputs are skipped unless --overwrite; "
            + "a failing input does not stop the others.")
        {
            inputs, output, model, overwrite, probabilities, uncertainty, uncertaintyMethod, preview, resolution, threads, tile, tilesAtOnce, cover, bandNames, keepLoneShadows, backend,
        };
        command.SetAction((parse, cancellation) =>
        {
            using var threadLimit = ThreadsOption.Apply(parse.GetValue(threads));
            var settings = new MaskSettings
            {
                Model = parse.GetValue(model), Overwrite = parse.GetValue(overwrite), Probabilities = parse.GetValue(probabilities),
                Preview = parse.GetValue(preview), Uncertainty = parse.GetValue(uncertainty), UncertaintyMethod = parse.GetValue(uncertaintyMethod)!,
                Cover = parse.GetValue(cover), ResolutionM = parse.GetValue(resolution), Tile = parse.GetValue(tile),
                TilesAtOnce = TilesAtOnceOption.Parse(parse.GetValue(tilesAtOnce)), BandNames = BandNamesOption.Parse(parse.GetValue(bandNames)),
                KeepLoneShadows = parse.GetValue(keepLoneShadows),
            };
            var engine = BackendOption.Parse(parse.GetValue(backend));
            var (loaded, info) = ModelCatalog.Load(settings.Validated().ModelName);
            (loaded, info) = BackendOption.Apply(engine, loaded, info);
            var folder = parse.GetValue(output)!;
            Directory.CreateDirectory(folder);
            var job = new MaskPipeline(loaded, info, settings, folder);
            var outcomes = new List<MaskJobOutcome>();
            var console = Progress.StderrConsole();
            foreach (var input in parse.GetValue(inputs)!)
            {
                MaskJobOutcome outcome = null!;
                if (Console.IsErrorRedirected)
                {
                    Console.Error.WriteLine($"masking {input} ...");  // no terminal: no progress bar
                    outcome = job.Run(input, null, cancellation);
                }
                else console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask(Markup.Escape(Path.GetFileName(input.TrimEnd('/'))), maxValue: 1);
                        outcome = job.Run(input, new Progress<double>(f => task.Value = f), cancellation);
                    });
                outcomes.Add(outcome);
                Console.Out.WriteLine($"{outcome.Status.ToString().ToLowerInvariant(),-8} {input}: {outcome.Message}");
            }
            var failed = outcomes.Count(o => o.Status == MaskJobStatus.Failed);
            Console.Out.WriteLine($"{outcomes.Count(o => o.Status == MaskJobStatus.Written)} written, "
                + $"{outcomes.Count(o => o.Status == MaskJobStatus.Skipped)} skipped, {failed} failed");
            return Task.FromResult(failed == 0 ? 0 : ErrorReport.InputOrOutputError);
        });
        return command;
    }
}
