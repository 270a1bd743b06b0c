using System.CommandLine;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using Spectre.Console;

namespace CloudMask.Cli.Commands;

/// <summary>`cloudmask predict INPUT... --out DIR`: masks inputs and writes COG masks with JSON summaries.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("INPUT")
        {
            Description = "Sentinel-2 products (.SAFE folder, .zip, or MTD_MSIL1C/2A.xml) or GeoTIFF band stacks "
                + "(bands named B01..B12/B8A, OLI_B*, ETM_B* or with wavelength metadata).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out") { Description = "Folder for the outputs (created if missing).", Required = true };
        var model = new Option<string>("--model") { Description = $"Model name: {string.Join(", ", ModelCatalog.Entries.Select(e => e.Name))}.", DefaultValueFactory = _ => ModelCatalog.DefaultName };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing outputs instead of skipping the input." };
        var probabilities = new Option<bool>("--probabilities") { Description = "Also write STEM.prob.tif: one band per class, probability x 255." };
        var preview = new Option<bool>("--preview") { Description = "Also write STEM.preview.png: true colour with the mask laid over it." };
        var uncertainty = new Option<bool>("--uncertainty") { Description = "Also write STEM.uncertainty.tif: predictive entropy of the class probabilities, 0 (certain) to 255." };
        var tile = new Option<int>("--tile") { Description = "Tile size in pixels for the model.", DefaultValueFactory = _ => 512 };
        var command = new Command("predict",
            "Mask clouds, thin clouds and cloud shadows. For each INPUT writes OUT/STEM.mask.tif (Cloud-Optimized GeoTIFF: "
            + "0 missing, 1 clear, 2 cloud shadow, 3 semi-transparent cloud, 4 cloud; nodata 0; colour table; the input's grid) "
            + "and OUT/STEM.mask.json (class percentages, cloud cover, model, timings). Existing outputs are skipped unless --overwrite; "
            + "a failing input does not stop the others.")
        {
            inputs, output, model, overwrite, probabilities, uncertainty, preview, tile,
        };
        command.SetAction((parse, cancellation) =>
        {
            var (loaded, info) = ModelCatalog.Load(parse.GetValue(model));
            var folder = parse.GetValue(output)!;
            Directory.CreateDirectory(folder);
            var job = new MaskJob(loaded, info, new MaskJobOptions(folder, parse.GetValue(overwrite), parse.GetValue(probabilities),
                new TilingOptions(parse.GetValue(tile), Math.Min(64, parse.GetValue(tile) / 4)), parse.GetValue(preview), parse.GetValue(uncertainty)));
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
