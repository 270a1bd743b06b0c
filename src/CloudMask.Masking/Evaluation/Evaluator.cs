using CloudMask.Masking.Classes;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Evaluation;

/// <summary>Called with each chip's label and prediction (both in project codes) as it is scored, e.g. to write them (<see cref="ReportChips"/>).</summary>
public delegate void ChipScored(ChipPair chip, byte[] labels, byte[] prediction);

/// <summary>Scores a model, or a folder of existing masks, against labelled chips.</summary>
public static class Evaluator
{
    /// <summary>Runs <paramref name="model"/> on every labelled chip (on <paramref name="bands"/> only, when given) and scores it.</summary>
    public static EvaluationReport EvaluateModel(ISegmentationModel model, IReadOnlyList<ChipPair> chips, ExternalMaskScheme labelScheme,
        IProgress<double>? progress = null, CancellationToken cancellation = default, BandChoice? bands = null,
        LabelClassSet labelClasses = LabelClassSet.Four, IReadOnlyList<string>? bandNames = null, bool keepLoneShadows = false,
        ChipScored? chipScored = null)
    {
        // The name says how the model was run, so rows of one report can be told apart.
        var name = (model is FlipEnsemble ? $"{model.Id} +flips" : model.Id) + (keepLoneShadows ? " (lone shadows kept)" : "");
        var report = new EvaluationReport(bands is null ? name : $"{name} [{bands.Text}]", labelClasses);
        var predictor = new TiledPredictor(model);
        for (var i = 0; i < chips.Count; i++)
        {
            using var stack = BandStack.Open(chips[i].OtherPath, bandNames);
            ISpectralSource source = bands is null ? stack : bands.Apply(stack);
            var prediction = predictor.Predict(source, cancellation: cancellation);
            // Scored as `predict` writes it: lone shadows cleared unless asked not to.
            if (!keepLoneShadows) prediction.ClearLoneShadows(LoneShadowFilter.ReachPixels(source, sunZenithDeg: null));
            var labels = ReadCodes(chips[i].LabelPath, labelScheme, stack.Width, stack.Height);
            report.Add(chips[i].Name, labels, prediction.Mask, ReadOpticalDepth(chips[i], stack.Width, stack.Height));
            chipScored?.Invoke(chips[i], labels, prediction.Mask);
            progress?.Report((i + 1.0) / chips.Count);
        }
        return report;
    }

    /// <summary>Scores existing masks (in <paramref name="maskScheme"/> codes) against labels.</summary>
    public static EvaluationReport EvaluateMasks(string name, IReadOnlyList<ChipPair> chips, ExternalMaskScheme labelScheme, ExternalMaskScheme maskScheme,
        LabelClassSet labelClasses = LabelClassSet.Four, ChipScored? chipScored = null)
    {
        var report = new EvaluationReport(name, labelClasses);
        foreach (var chip in chips)
        {
            using var label = RasterDataset.Open(chip.LabelPath);
            var labels = ReadCodes(chip.LabelPath, labelScheme, label.Width, label.Height);
            var predictions = ReadCodes(chip.OtherPath, maskScheme, label.Width, label.Height);
            report.Add(chip.Name, labels, predictions, ReadOpticalDepth(chip, label.Width, label.Height));
            chipScored?.Invoke(chip, labels, predictions);
        }
        return report;
    }

    /// <summary>The chip's cloud optical thickness (<see cref="ChipPair.OpticalDepthPath"/>), or null when it has none.</summary>
    public static float[]? ReadOpticalDepth(ChipPair chip, int width, int height)
    {
        if (!File.Exists(chip.OpticalDepthPath)) return null;
        using var ds = RasterDataset.Open(chip.OpticalDepthPath);
        if (ds.Width != width || ds.Height != height)
            throw new RasterContentException(chip.OpticalDepthPath, $"is {ds.Width}x{ds.Height}, expected {width}x{height} like its labels");
        return ds.Band(1).Read<float>();
    }

    /// <summary>Reads a class raster and maps it to project codes; its size must match.</summary>
    public static byte[] ReadCodes(string path, ExternalMaskScheme scheme, int width, int height)
    {
        using var ds = RasterDataset.Open(path);
        if (ds.Width != width || ds.Height != height)
            throw new RasterContentException(path, $"is {ds.Width}x{ds.Height}, expected {width}x{height} like its image");
        var codes = ds.Band(1).Read<byte>();
        scheme.MapInPlace(codes);
        return codes;
    }
}
