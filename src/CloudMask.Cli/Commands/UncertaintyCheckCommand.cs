using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CloudMask.Masking.Analysis;
using CloudMask.Masking.Plotting;
using CloudMask.Masking.Data;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using CloudMask.Masking.Output;

namespace CloudMask.Cli.Commands;

/// <summary>`cloudmask uncertainty-check`: is the uncertainty band meaningful? Error rate per uncertainty decile on labelled chips.</summary>
internal static class UncertaintyCheckCommand
{
    public static Command Create()
    {
        var chips = new Argument<string>("CHIPS") { Description = "Folder of labelled chips (NAME.tif + NAME.label.tif)." };
        var model = new Option<string>("--model") { Description = $"Model: {string.Join(", ", ModelCatalog.Entries.Select(e => e.Name))}, or a .safetensors file.", DefaultValueFactory = _ => ModelCatalog.DefaultName };
        var method = new Option<string>("--uncertainty-method") { Description = "entropy (predictive entropy, as predict --uncertainty) or flips (mutual information of 4 flipped passes, 4x slower).", DefaultValueFactory = _ => "entropy" };
        var include = new Option<string[]>("--include") { Description = "Only chips whose name matches one of these patterns; repeatable." };
        var exclude = new Option<string[]>("--exclude") { Description = "Leave out chips matching these patterns; repeatable." };
        var output = new Option<string?>("--out") { Description = "Optional folder for uncertainty-deciles.json and uncertainty-deciles.png." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing outputs." };
        var command = new Command("uncertainty-check",
            "Check that the per-pixel uncertainty means something: predict labelled chips with uncertainty, sort their labelled pixels "
            + "by uncertainty into ten equal groups (deciles) and print each group's error rate. A useful band has far more errors "
            + "in the top deciles than in the bottom ones; the last line compares the most uncertain tenth with the rest.")
        {
            chips, model, method, include, exclude, output, overwrite,
        };
        command.SetAction((parse, cancellation) =>
        {
            var kind = Uncertainty.Parse(parse.GetValue(method)!);
            var folder = parse.GetValue(output);
            var overwriting = parse.GetValue(overwrite);
            string? json = folder is null ? null : Path.Combine(folder, "uncertainty-deciles.json"), png = folder is null ? null : Path.Combine(folder, "uncertainty-deciles.png");
            foreach (var path in new[] { json, png }.OfType<string>())
                if (File.Exists(path) && !overwriting) throw new Raster.OutputExistsException(path);
            var (loaded, _) = ModelCatalog.Load(parse.GetValue(model));
            var samples = AnalysisChips.Load(loaded, parse.GetValue(chips)!, parse.GetValue(include), parse.GetValue(exclude));
            var calibration = AnalysisProgress.Run($"predicting {samples.Count} chips with {loaded.Id}",
                p => UncertaintyCheck.Measure(loaded, samples, kind, p, cancellation));
            var deciles = calibration.Deciles();
            var inv = CultureInfo.InvariantCulture;
            Console.Out.WriteLine($"{loaded.Id}, {kind.ToString().ToLowerInvariant()} uncertainty, {samples.Count} chips, {calibration.Pixels:N0} labelled pixels, error rate {(double)calibration.Wrong / calibration.Pixels:P2}");
            Console.Out.WriteLine(string.Format(inv, "{0,6} {1,12} {2,12} {3,10}", "decile", "uncertainty", "pixels", "error"));
            foreach (var d in deciles)
                Console.Out.WriteLine(string.Format(inv, "{0,6} {1,12} {2,12:N0} {3,10:P2}", d.Decile, $"{d.MinUncertainty}-{d.MaxUncertainty}", d.Pixels, d.ErrorRate));
            Console.Out.WriteLine(string.Format(inv, "most uncertain 10 % of pixels: error rate {0:0.0}x that of the other 90 %; they hold {1:P1} of all errors",
                calibration.TopDecileRatio(), deciles.Count == 10 ? deciles[9].Wrong / calibration.Wrong : double.NaN));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
                var data = new
                {
                    model = loaded.Id, method = kind.ToString().ToLowerInvariant(), chips = samples.Count, pixels = calibration.Pixels, wrong = calibration.Wrong,
                    top_decile_ratio = Math.Round(calibration.TopDecileRatio(), 4),
                    deciles = deciles.Select(d => new { decile = d.Decile, min_uncertainty = d.MinUncertainty, max_uncertainty = d.MaxUncertainty, pixels = Math.Round(d.Pixels), error_rate = Math.Round(d.ErrorRate, 6) }),
                };
                Charts.Bars($"ERROR RATE PER UNCERTAINTY DECILE - {loaded.Id}", "error rate", deciles.Select(d => d.Decile.ToString(inv)).ToList(),
                    [new ChartSeries($"{kind.ToString().ToLowerInvariant()}: share of pixels wrong", (200, 80, 40), deciles.Select(d => d.ErrorRate).ToList())], 760, 380,
                    "uncertainty decile (1 = most certain tenth of pixels, 10 = least certain)")
                    .SavePng(png!, overwriting);
                AtomicFile.WriteAllText(json!, JsonSerializer.Serialize(data, new JsonSerializerOptions { WriteIndented = true }), overwriting);
                Console.Out.WriteLine($"written: {json}, {png}");
            }
            (loaded as IDisposable)?.Dispose();
            return Task.FromResult(0);
        });
        return command;
    }
}
