using System.CommandLine;
using System.Globalization;
using CloudMask.Masking.Classes;
using CloudMask.Masking.Evaluation;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using CloudMask.Raster.Spectral;

namespace CloudMask.Cli.Commands;

/// <summary>
/// `cloudmask evaluate` (one model or one folder of masks) and `cloudmask compare` (several side
/// by side) against labelled chips; both print a table and write report.html and report.json.
/// </summary>
internal static class EvaluateCommand
{
    public static Command CreateEvaluate() => Create("evaluate",
        "Score a model (--model) or a folder of existing masks (--masks SCHEME:DIR) against labelled chips "
        + "(NAME.tif + NAME.label.tif): dice (F1), precision, recall, overall accuracy, confusion matrix, and the "
        + "CloudSEN12 protocol (median balanced accuracy over chips for cloud, shadow, clear). Labels 0 and 5 are ignored. "
        + "Where NAME.optical-depth.tif sits beside a label (simulate product|sample --optical-depth), also what was predicted "
        + "at each cloud optical thickness.",
        single: true);

    public static Command CreateCompare() => Create("compare",
        "Compare several models and external masks (Sen2Cor SCL, Fmask, s2cloudless, CloudSEN12, Landsat Biome codes, "
        + "mapped to CloudMask classes as in the KappaMask paper's Table 1) against the same labelled chips, side by side in one report.",
        single: false);

    private static Command Create(string name, string description, bool single)
    {
        var chips = new Argument<string>("CHIPS") { Description = "Folder of labelled chips: NAME.label.tif, and NAME.tif when a model is scored." };
        var models = new Option<string[]>("--model") { Description = $"Model to score: {string.Join(", ", ModelCatalog.Entries.Select(e => e.Name))}, or a .safetensors weights file"
                + (single ? $" (without --model or --masks: {ModelCatalog.DefaultName}, the default)." : "; repeatable."), AllowMultipleArgumentsPerToken = false };
        var masks = new Option<string[]>("--masks")
        {
            Description = $"Existing masks as SCHEME:DIR, with NAME.mask.tif or NAME.tif per chip; schemes: {string.Join(", ", ExternalMaskScheme.All.Select(s => s.Name))}.",
        };
        var labelScheme = new Option<string>("--label-scheme")
        {
            Description = $"Code scheme of the labels: {string.Join("; ", ExternalMaskScheme.All.Select(s => $"{s.Name}: {s.Description}"))}.",
            DefaultValueFactory = _ => ExternalMaskScheme.CloudMask.Name,
        };
        var output = new Option<string>("--out") { Description = "Folder for report.html, report.json, the confusion images and chips/ (each chip's label and predictions, to look at with `cloudmask view REPORT`).", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing report." };
        var bands = new Option<string>("--bands")
        {
            Description = "Give the model only these bands of each chip, to measure it on inputs with fewer bands: "
                + $"a preset chosen by wavelength ({string.Join(", ", BandChoice.PresetNames)}) or band names (B02,B03,B04,B08).",
        };
        var flips = new Option<bool>("--flips")
        {
            Description = "Run each model on every chip and its three flips and average the answers (test-time augmentation, "
                + "4x slower; predict does the same with --uncertainty-method flips).",
        };
        var labelClasses = new Option<string>("--label-classes")
        {
            Description = "Classes the labels tell apart: 4 (clear, shadow, thin cloud, cloud), 3 (no thin class, as UKIS or Fmask labels: "
                + "thin cloud counts as cloud), 2 (cloud vs clear, as s2cloudless or 38-Cloud labels: thin counts as cloud, shadow as clear) "
                + "or no-shadow (clear, thin cloud, cloud: for labels that do not mark shadow, as some Landsat Biome scenes; shadow counts as clear). "
                + "Labels and predictions are merged the same way before scoring.",
            DefaultValueFactory = _ => "4",
        };
        var bandNames = BandNamesOption.Create();
        var keepLoneShadows = KeepLoneShadowsOption.Create();
        var command = new Command(name, description) { chips, models, masks, labelScheme, labelClasses, output, overwrite, bands, bandNames, flips, keepLoneShadows };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(chips)!;
            var labels = ExternalMaskScheme.Parse(parse.GetValue(labelScheme)!);
            var modelNames = parse.GetValue(models) ?? [];
            var maskSpecs = parse.GetValue(masks) ?? [];
            // evaluate with nothing named scores the default model, as predict runs it; compare needs its list.
            if (single && modelNames.Length + maskSpecs.Length == 0) modelNames = [ModelCatalog.DefaultName];
            var count = modelNames.Length + maskSpecs.Length;
            if (count == 0) throw new ArgumentException("name what to compare: --model NAME or --masks SCHEME:DIR, each repeatable");
            if (single && count > 1) throw new ArgumentException("evaluate scores one model or mask folder; use compare for several");

            var outFolder = parse.GetValue(output)!;
            Directory.CreateDirectory(outFolder);
            // Each chip's label and predictions, for `cloudmask view REPORT` (claimed first: an existing one stops the run before the work).
            var reportChips = new ReportChips(outFolder, parse.GetValue(overwrite));
            List<EvaluationReport> reports;
            try
            {
                var bandChoice = parse.GetValue(bands) is { } bandText ? BandChoice.Parse(bandText) : null;
                var classSet = LabelClassSets.Parse(parse.GetValue(labelClasses)!);
                var givenBandNames = BandNamesOption.Parse(parse.GetValue(bandNames));
                reports = [];
                foreach (var modelName in modelNames)
                {
                    var (model, _) = ModelCatalog.Load(modelName);
                    if (parse.GetValue(flips)) model = new FlipEnsemble(model);
                    var pairs = ChipPairs.Images(folder);
                    if (pairs.Count == 0) throw new ArgumentException($"{folder}: no labelled chips (NAME.tif with NAME.label.tif)");
                    Console.Error.WriteLine($"scoring {model.Id} on {pairs.Count} chips ...");
                    var entry = (parse.GetValue(flips) ? $"{model.Id}-flips" : model.Id) + (bandChoice is null ? "" : $"-{bandChoice.Text}");
                    reports.Add(Evaluator.EvaluateModel(model, pairs, labels, bands: bandChoice, labelClasses: classSet, bandNames: givenBandNames,
                        keepLoneShadows: parse.GetValue(keepLoneShadows), chipScored: (chip, l, p) => reportChips.Write(entry, chip, l, p)));
                }
                foreach (var spec in maskSpecs)
                {
                    var colon = spec.IndexOf(':');
                    if (colon <= 0) throw new ArgumentException($"--masks {spec}: expected SCHEME:DIR, e.g. scl:/data/scl");
                    var scheme = ExternalMaskScheme.Parse(spec[..colon]);
                    var dir = spec[(colon + 1)..];
                    var pairs = ChipPairs.Masks(folder, dir);
                    if (pairs.Count == 0) throw new ArgumentException($"{dir}: no mask matches a label in {folder} (NAME.mask.tif or NAME.tif)");
                    var entry = $"{scheme.Name}:{Path.GetFileName(Path.TrimEndingDirectorySeparator(dir))}";
                    reports.Add(Evaluator.EvaluateMasks(entry, pairs, labels, scheme, classSet, (chip, l, p) => reportChips.Write(entry, chip, l, p)));
                }

                HtmlReport.Write(outFolder, reports, parse.GetValue(overwrite));
                Masking.Output.AtomicFile.WriteAllText(Path.Combine(outFolder, "report.json"), EvaluationReport.ToJson(reports), parse.GetValue(overwrite));
            }
            catch
            {
                reportChips.Discard();
                throw;
            }
            PrintTable(reports);
            Console.Out.WriteLine($"report: {Path.Combine(outFolder, "report.html")}");
            return 0;
        });
        return command;
    }

    private static void PrintTable(IReadOnlyList<EvaluationReport> reports)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.Out.WriteLine(string.Format(inv, "{0,-28} {1,5} {2,7} {3,9} {4,8} {5,7} {6,7} {7,7} {8,7}",
            "evaluated", "chips", "OA", "meanDice", "cloudyF1", "clear", "shadow", "thin", "cloud"));
        foreach (var r in reports)
        {
            var dice = MaskClasses.Predicted.Select(c => r.Total.Metrics(c).Dice).ToArray();
            Console.Out.WriteLine(string.Format(inv, "{0,-28} {1,5} {2,7:0.000} {3,9:0.000} {4,8:0.000} {5,7:0.000} {6,7:0.000} {7,7:0.000} {8,7:0.000}",
                r.Name.Length > 28 ? "..." + r.Name[^25..] : r.Name, r.Chips.Count, r.Total.OverallAccuracy, r.Total.MeanDice, r.CloudyF1(),
                dice[0], dice[1], dice[2], dice[3]));
        }
        foreach (var r in reports.Where(r => r.OpticalDepth is not null))
        {
            var depth = r.OpticalDepth!;
            Console.Out.WriteLine($"{r.Name}, by cloud optical thickness (labels: thin from 0.3, cloud from 8), share predicted as:");
            Console.Out.WriteLine(string.Format(inv, "  {0,-10} {1,10} {2,7} {3,7} {4,7} {5,7}", "thickness", "pixels", "clear", "shadow", "thin", "cloud"));
            for (var range = 0; range < OpticalDepthBreakdown.Edges.Count; range++)
            {
                if (depth.Pixels(range) == 0) continue;
                var shares = MaskClasses.Predicted.Select(c => depth.Share(range, c)).ToArray();
                Console.Out.WriteLine(string.Format(inv, "  {0,-10} {1,10} {2,7:0.000} {3,7:0.000} {4,7:0.000} {5,7:0.000}",
                    OpticalDepthBreakdown.RangeName(range), depth.Pixels(range), shares[0], shares[1], shares[2], shares[3]));
            }
        }
    }
}
