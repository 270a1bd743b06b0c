using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CloudMask.Masking.Analysis;
using CloudMask.Masking.Plotting;
using CloudMask.Masking.Classes;
using CloudMask.Masking.Data;
using CloudMask.Masking.Models;
using CloudMask.Masking.Output;

namespace CloudMask.Cli.Commands;

/// <summary>`cloudmask importance`: which input bands a model relies on (drop in dice when a band is taken away).</summary>
internal static class ImportanceCommand
{
    private static readonly (byte, byte, byte)[] ClassColours = [(76, 175, 80), (90, 60, 140), (120, 190, 240), (150, 150, 150)];

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = $"Model to analyse: {string.Join(", ", ModelCatalog.Entries.Select(e => e.Name))}, or a .safetensors file.", DefaultValueFactory = _ => ModelCatalog.DefaultName };
        var data = new Option<string>("--data") { Description = "Folder of labelled chips (NAME.tif + NAME.label.tif), all from one sensor (bands are matched by name).", Required = true };
        var include = new Option<string[]>("--include") { Description = "Only chips whose name matches one of these patterns, e.g. 'biome_*'; repeatable." };
        var exclude = new Option<string[]>("--exclude") { Description = "Leave out chips matching these patterns; repeatable." };
        var method = new Option<string>("--method") { Description = "How a band is taken away: zero (fill it with 0, the KappaMask paper's method), shuffle (permute its pixels within each chip), or both.", DefaultValueFactory = _ => "zero" };
        var output = new Option<string>("--out") { Description = "Folder for importance.json and importance-METHOD.png (bar chart of the drops).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the shuffles.", DefaultValueFactory = _ => 1 };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing outputs." };
        var command = new Command("importance",
            "Rank the input bands by how much a model needs them (permutation importance, KappaMask paper Figure 11): score the model on "
            + "labelled chips, then again with one band filled with 0 (or shuffled), for every band. Prints the drop in dice per class "
            + "(clear, shadow, thin, cloud) and summed over classes: a large positive drop means the model relies on that band; "
            + "about 0 means it could do without it. Writes a table as JSON and a bar chart PNG.")
        {
            model, data, include, exclude, method, output, seed, overwrite,
        };
        command.SetAction((parse, cancellation) =>
        {
            var kinds = parse.GetValue(method)!.ToLowerInvariant() switch
            {
                "zero" => new[] { PerturbationKind.Zero },
                "shuffle" => [PerturbationKind.Shuffle],
                "both" => [PerturbationKind.Zero, PerturbationKind.Shuffle],
                var other => throw new ArgumentException($"unknown --method '{other}'; valid: zero, shuffle, both"),
            };
            var folder = parse.GetValue(output)!;
            var overwriting = parse.GetValue(overwrite);
            var json = Path.Combine(folder, "importance.json");
            var charts = kinds.Select(k => Path.Combine(folder, $"importance-{k.ToString().ToLowerInvariant()}.png")).ToList();
            foreach (var path in charts.Append(json))
                if (File.Exists(path) && !overwriting) throw new Raster.OutputExistsException(path);

            var (loaded, _) = ModelCatalog.Load(parse.GetValue(model));
            var chips = AnalysisChips.Load(loaded, parse.GetValue(data)!, parse.GetValue(include), parse.GetValue(exclude));
            var reports = new List<BandImportanceReport>();
            foreach (var kind in kinds)
                reports.Add(AnalysisProgress.Run($"{kind.ToString().ToLowerInvariant()} importance of {chips.Count} chips' bands for {loaded.Id}",
                    p => BandImportance.Run(loaded, chips, kind, parse.GetValue(seed), p, cancellation)));

            Directory.CreateDirectory(folder);
            for (var k = 0; k < reports.Count; k++)
            {
                Print(reports[k]);
                Chart(reports[k]).SavePng(charts[k], overwriting);
            }
            AtomicFile.WriteAllText(json, JsonSerializer.Serialize(reports.Select(ToData), new JsonSerializerOptions { WriteIndented = true }), overwriting);
            Console.Out.WriteLine($"written: {json}, {string.Join(", ", charts)}");
            (loaded as IDisposable)?.Dispose();
            return Task.FromResult(0);
        });
        return command;
    }

    private static void Print(BandImportanceReport r)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.Out.WriteLine($"{r.ModelId}: band importance by {r.Kind.ToString().ToLowerInvariant()} on {r.Chips} chips ({r.Pixels:N0} labelled pixels); drop in dice (baseline - perturbed)");
        Console.Out.WriteLine(string.Format(inv, "{0,-10} {1,7} {2,8} {3,8} {4,8} {5,8} {6,9}", "band", "um", "clear", "shadow", "thin", "cloud", "summed"));
        Console.Out.WriteLine(string.Format(inv, "{0,-10} {1,7} {2,8:0.000} {3,8:0.000} {4,8:0.000} {5,8:0.000} {6,9:0.000}", "(baseline", "dice)",
            r.Baseline.PerClass[0], r.Baseline.PerClass[1], r.Baseline.PerClass[2], r.Baseline.PerClass[3], r.Baseline.Sum));
        foreach (var b in r.Bands.OrderByDescending(b => b.SummedDrop))
            Console.Out.WriteLine(string.Format(inv, "{0,-10} {1,7:0.000} {2,8:+0.000;-0.000;0.000} {3,8:+0.000;-0.000;0.000} {4,8:+0.000;-0.000;0.000} {5,8:+0.000;-0.000;0.000} {6,9:+0.000;-0.000;0.000}",
                b.Band, b.WavelengthUm, Round(b.DropPerClass[0]), Round(b.DropPerClass[1]), Round(b.DropPerClass[2]), Round(b.DropPerClass[3]), Round(b.SummedDrop)));
    }

    /// <summary>Rounded to the printed precision, so a tiny negative value prints as 0.000, not -0.000.</summary>
    private static double Round(double v) => Math.Round(v, 3) is var r && r == 0 ? 0 : r;

    private static Canvas Chart(BandImportanceReport r)
    {
        var bands = r.Bands.OrderBy(b => b.WavelengthUm).ToList();
        var series = MaskClasses.Predicted.Select((c, k) => new ChartSeries(MaskClasses.Name(c).Replace("semi_transparent_cloud", "thin"), ClassColours[k],
            bands.Select(b => b.DropPerClass[k]).ToList())).Append(new ChartSeries("summed", (31, 80, 160), bands.Select(b => b.SummedDrop).ToList())).ToList();
        return Charts.Bars($"DICE DROP WITH BAND {(r.Kind == PerturbationKind.Zero ? "ZEROED" : "SHUFFLED")} - {r.ModelId}", "drop in dice",
            bands.Select(b => b.Band).ToList(), series, Math.Max(640, 110 + bands.Count * 70));
    }

    private static object ToData(BandImportanceReport r) => new
    {
        model = r.ModelId,
        method = r.Kind.ToString().ToLowerInvariant(),
        chips = r.Chips,
        pixels = r.Pixels,
        classes = MaskClasses.Predicted.Select(MaskClasses.Name),
        baseline_dice = r.Baseline.PerClass.Select(Clean),
        baseline_summed_dice = Clean(r.Baseline.Sum),
        bands = r.Bands.Select(b => new
        {
            band = b.Band,
            wavelength_um = b.WavelengthUm,
            dice = b.Dice.PerClass.Select(Clean),
            dice_drop = b.DropPerClass.Select(Clean),
            summed_drop = Clean(b.SummedDrop),
        }),
    };

    private static double? Clean(double v) => double.IsFinite(v) ? Math.Round(v, 6) : null;
}
