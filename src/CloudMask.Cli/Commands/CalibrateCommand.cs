using System.CommandLine;
using System.Globalization;
using CloudMask.Masking.Calibration;
using CloudMask.Masking.Classes;
using CloudMask.Masking.Evaluation;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using CloudMask.Raster.Spectral;

namespace CloudMask.Cli.Commands;

/// <summary>
/// `cloudmask calibrate`: fits the logit offsets of a network (<see cref="LogitOffsets"/>) on
/// labelled chips and writes a copy of its weights file that carries them.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create()
    {
        var chips = new Argument<string>("CHIPS") { Description = "Folder of labelled chips (NAME.tif + NAME.label.tif), kept apart from training and from the chips you evaluate on." };
        var model = new Option<string>("--model") { Description = "The network to calibrate: cloudmask-any (the shipped file) or a .safetensors weights file.", DefaultValueFactory = _ => ModelCatalog.DefaultName };
        var output = new Option<string>("--out") { Description = "The calibrated weights file to write (.safetensors).", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace --out if it exists." };
        var bands = new Option<string>("--bands")
        {
            Description = "Fit offsets for inputs with only these bands of each chip (a preset: "
                + string.Join(", ", BandChoice.PresetNames) + ", or names such as B02,B03,B04). They are kept apart, by how far "
                + "into the infrared the bands reach (visible, visible-nir, swir), and apply only to such inputs; without "
                + "--bands the general offsets are fitted, used by every input without offsets of its own.",
        };
        var command = new Command("calibrate",
            "Fit where the network draws the line between classes: three numbers added to its shadow, thin-cloud and cloud logits "
            + "(clear is the reference), chosen for the best mean dice on labelled chips, and written with a copy of the weights. "
            + "predict and evaluate apply them. Use chips made like the scenes you mask, e.g. `simulate chips` with fresh seeds. "
            + "With --bands the offsets apply only to inputs whose bands reach as far into the infrared as those (e.g. R, G, B alone).")
        {
            chips, model, output, overwrite, bands,
        };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(chips)!;
            var name = parse.GetValue(model)!;
            var source = name.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? name
                : string.Equals(name, ModelCatalog.DefaultName, StringComparison.OrdinalIgnoreCase) ? ModelCatalog.ShippedWeightsPath
                : throw new ArgumentException($"calibrate needs a network: {ModelCatalog.DefaultName} or a .safetensors file, not '{name}'");
            var target = parse.GetValue(output)!;
            if (!target.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)) throw new ArgumentException($"--out {target}: give a .safetensors file name");
            if (File.Exists(target) && !parse.GetValue(overwrite)) throw new Raster.OutputExistsException(target);
            var pairs = ChipPairs.Images(folder);
            if (pairs.Count == 0) throw new ArgumentException($"{folder}: no labelled chips (NAME.tif with NAME.label.tif)");

            var bandChoice = parse.GetValue(bands) is { } bandText ? BandChoice.Parse(bandText) : null;

            var table = LogitOffsetTable.FromMetadata(NetworkFile.ReadMetadata(source));
            var network = NetworkFile.Load(source);
            try
            {
                var predictor = new TiledPredictor(network);
                var calibrator = new LogitOffsetCalibrator();
                BandCoverage? coverage = null;
                for (var i = 0; i < pairs.Count; i++)
                {
                    Console.Error.WriteLine($"chip {i + 1}/{pairs.Count}: {pairs[i].Name}");
                    using var stack = BandStack.Open(pairs[i].OtherPath);
                    ISpectralSource input = bandChoice is null ? stack : bandChoice.Apply(stack);
                    // One fit serves one coverage: the offsets it adds to are that coverage's.
                    var chipCoverage = BandCoverages.Of(input.SpectralBands);
                    if (coverage is { } first && first != chipCoverage)
                        throw new ArgumentException($"{pairs[i].OtherPath}: its bands reach {chipCoverage.Name()}, the chips before it {first.Name()}; give --bands to use the same bands of every chip");
                    if (coverage is null && bandChoice is null && table.HasOwn(chipCoverage))
                        throw new ArgumentException($"{source} has offsets of its own for {chipCoverage.Name()} input, which these chips are; give --bands to refit those");
                    coverage = chipCoverage;
                    var prediction = predictor.Predict(input, PredictionOutputs.Mask | PredictionOutputs.Probabilities);
                    calibrator.Add(Evaluator.ReadCodes(pairs[i].LabelPath, ExternalMaskScheme.CloudMask, stack.Width, stack.Height), prediction.Probabilities!);
                }
                var fitted = coverage!.Value;
                var result = calibrator.Fit();
                var previous = table.For(fitted);
                var combined = new LogitOffsets(previous.Values.Zip(result.Offsets.Values, (a, b) => (float)Math.Round(a + (double)b, 4)).ToArray());
                // A per-coverage fit's record sits beside the general one, its keys ending in ".visible" (".visible-nir", ".swir").
                var keySuffix = bandChoice is null ? "" : "." + fitted.Name();
                var scope = bandChoice is null ? "" : $" ({bandChoice.Text})";
                NetworkFile.SaveCopy(source, target, new Dictionary<string, string>
                {
                    [bandChoice is null ? LogitOffsets.MetadataKey : LogitOffsetTable.MetadataKey(fitted)] = combined.ToString(),
                    ["calibration_data" + keySuffix] = $"{Path.GetFullPath(folder)}{scope} ({pairs.Count} chips, {result.Pixels} labelled pixels)",
                    ["calibration_mean_dice" + keySuffix] = string.Create(CultureInfo.InvariantCulture, $"{result.MeanDiceBefore:0.0000} -> {result.MeanDiceAfter:0.0000}"),
                }, parse.GetValue(overwrite));
                var applies = bandChoice is null ? "every input without offsets of its own" : $"inputs whose bands reach {fitted.Name()} only";
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"logit offsets (clear, shadow, thin cloud, cloud): {combined}, for {applies}; mean dice on {pairs.Count} calibration chips{scope} {result.MeanDiceBefore:0.000} -> {result.MeanDiceAfter:0.000}"));
                Console.Out.WriteLine($"wrote {target}");
            }
            finally
            {
                (network as IDisposable)?.Dispose();
            }
            return 0;
        });
        return command;
    }
}
