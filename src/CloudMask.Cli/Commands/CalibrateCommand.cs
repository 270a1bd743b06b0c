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
        var command = new Command("calibrate",
            "Fit where the network draws the line between classes: three numbers added to its shadow, thin-cloud and cloud logits "
            + "(clear is the reference), chosen for the best mean dice on labelled chips, and written with a copy of the weights. "
            + "predict and evaluate apply them. Use chips made like the scenes you mask, e.g. `simulate chips` with fresh seeds.")
        {
            chips, model, output, overwrite,
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

            var previous = LogitOffsets.FromMetadata(NetworkFile.ReadMetadata(source));
            var network = NetworkFile.Load(source);
            try
            {
                var predictor = new TiledPredictor(network);
                var calibrator = new LogitOffsetCalibrator();
                for (var i = 0; i < pairs.Count; i++)
                {
                    Console.Error.WriteLine($"chip {i + 1}/{pairs.Count}: {pairs[i].Name}");
                    using var stack = BandStack.Open(pairs[i].OtherPath);
                    var prediction = predictor.Predict(stack, PredictionOutputs.Mask | PredictionOutputs.Probabilities);
                    calibrator.Add(Evaluator.ReadCodes(pairs[i].LabelPath, ExternalMaskScheme.CloudMask, stack.Width, stack.Height), prediction.Probabilities!);
                }
                var result = calibrator.Fit();
                var combined = new LogitOffsets(previous.Values.Zip(result.Offsets.Values, (a, b) => (float)Math.Round(a + (double)b, 4)).ToArray());
                NetworkFile.SaveCopy(source, target, new Dictionary<string, string>
                {
                    [LogitOffsets.MetadataKey] = combined.ToString(),
                    ["calibration_data"] = $"{Path.GetFullPath(folder)} ({pairs.Count} chips, {result.Pixels} labelled pixels)",
                    ["calibration_mean_dice"] = string.Create(CultureInfo.InvariantCulture, $"{result.MeanDiceBefore:0.0000} -> {result.MeanDiceAfter:0.0000}"),
                }, parse.GetValue(overwrite));
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"logit offsets (clear, shadow, thin cloud, cloud): {combined}; mean dice on {pairs.Count} calibration chips {result.MeanDiceBefore:0.000} -> {result.MeanDiceAfter:0.000}"));
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
