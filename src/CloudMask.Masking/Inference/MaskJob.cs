using System.Diagnostics;
using CloudMask.Masking.Inputs;
using CloudMask.Masking.Models;
using CloudMask.Masking.Output;
using CloudMask.Raster;

namespace CloudMask.Masking.Inference;

/// <summary>What `predict` does with one input, and the choices the user made.</summary>
public sealed record MaskJobOptions(string OutputFolder, bool Overwrite = false, bool Probabilities = false, TilingOptions? Tiling = null,
    bool Preview = false, bool Uncertainty = false, CloudMask.Masking.Cover.CoverModel? Cover = null, int? ResolutionM = null,
    IReadOnlyList<string>? BandNames = null, bool KeepLoneShadows = false, IReadOnlyList<IMaskSidecar>? Sidecars = null);

public enum MaskJobStatus { Written, Skipped, Failed }

/// <summary>How one input went: the files written, or why it was skipped or failed.</summary>
public sealed record MaskJobOutcome(string Input, MaskJobStatus Status, string Message, IReadOnlyList<string> Files, MaskSummary? Summary);

/// <summary>
/// Masks inputs one after another with one loaded model: opens the input, predicts in tiles,
/// writes DIR/STEM.mask.tif (COG), DIR/STEM.mask.json and, if asked, DIR/STEM.prob.tif, DIR/STEM.uncertainty.tif,
/// DIR/STEM.preview.png and DIR/STEM.rgb.tif.
/// A failing input is reported in its outcome and does not stop the next.
/// </summary>
public sealed class MaskJob(ISegmentationModel model, ModelInfo modelInfo, MaskJobOptions options)
{
    private readonly TiledPredictor _predictor = new(model, options.Tiling);

    public MaskJobOutcome Run(string input, IProgress<double>? progress = null, CancellationToken cancellation = default) =>
        Run(new PathInput(input), progress, cancellation);

    /// <summary>The outputs <see cref="Run(IMaskInput, IProgress{double}?, CancellationToken)"/> writes for <paramref name="stem"/>, the summary (the last one written) first.</summary>
    public IReadOnlyList<string> OutputsFor(string stem)
    {
        string Named(string suffix) => Path.Combine(options.OutputFolder, stem + suffix);
        return new[] { Named(".mask.json"), Named(".mask.tif") }
            .Concat(options.Probabilities ? [Named(".prob.tif")] : []).Concat(options.Preview ? [Named(".preview.png"), Named(".rgb.tif")] : [])
            .Concat(options.Uncertainty ? [Named(".uncertainty.tif")] : [])
            .Concat((options.Sidecars ?? []).Select(s => Path.Combine(options.OutputFolder, s.FileName(stem)))).ToList();
    }

    public MaskJobOutcome Run(IMaskInput maskInput, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        var input = maskInput.Name;
        var stem = maskInput.Stem;
        var maskPath = Path.Combine(options.OutputFolder, stem + ".mask.tif");
        var jsonPath = Path.Combine(options.OutputFolder, stem + ".mask.json");
        var probabilityPath = Path.Combine(options.OutputFolder, stem + ".prob.tif");
        var previewPath = Path.Combine(options.OutputFolder, stem + ".preview.png");
        var quickLookPath = Path.Combine(options.OutputFolder, stem + ".rgb.tif");
        var uncertaintyPath = Path.Combine(options.OutputFolder, stem + ".uncertainty.tif");
        var existing = OutputsFor(stem).Where(File.Exists).ToList();
        if (existing.Count > 0 && !options.Overwrite)
            return new MaskJobOutcome(input, MaskJobStatus.Skipped, $"{existing[0]} exists (use --overwrite to replace it)", [], null);

        var written = new List<string>();
        PartialFiles.DeleteStale(options.OutputFolder); // left by an earlier run that was killed
        try
        {
            var timings = new Dictionary<string, double>();
            var clock = Stopwatch.StartNew();
            using var opened = maskInput.Open(options.ResolutionM, options.BandNames);
            timings["open"] = clock.Elapsed.TotalSeconds;

            clock.Restart();
            var wanted = PredictionOutputs.Mask
                | (options.Probabilities ? PredictionOutputs.Probabilities : 0)
                | (options.Uncertainty ? PredictionOutputs.Uncertainty : 0);
            var result = _predictor.Predict(opened.Source, wanted, progress, cancellation);
            timings["read_and_predict"] = clock.Elapsed.TotalSeconds;
            foreach (var (stage, seconds) in result.Timings) timings[stage] = seconds;
            if (!options.KeepLoneShadows)
            {
                clock.Restart();
                var product = opened.Source as ProductSource;
                result.ClearLoneShadows(LoneShadowFilter.ReachPixels(opened.Source, product?.SunZenithDeg), product?.SunAzimuthDeg);
                timings["shadow_check"] = clock.Elapsed.TotalSeconds;
            }

            clock.Restart();
            var georeference = new GeoReference(opened.Source.GeoTransform, opened.Source.Crs);
            MaskWriter.Write(maskPath, result.Mask, result.Width, result.Height, georeference, options.Overwrite,
                new Dictionary<string, string> { ["CLOUDMASK_MODEL"] = modelInfo.Id, ["CLOUDMASK_INPUT"] = Path.GetFileName(input.TrimEnd('/')) });
            written.Add(maskPath);
            if (result.Probabilities is { } probabilities)
            {
                ProbabilityWriter.Write(probabilityPath, probabilities, result.Width, result.Height, georeference, options.Overwrite);
                written.Add(probabilityPath);
            }
            if (result.Uncertainty is { } uncertainty)
            {
                UncertaintyWriter.Write(uncertaintyPath, uncertainty, result.Width, result.Height, georeference, options.Overwrite, Uncertainty.MethodOf(model));
                written.Add(uncertaintyPath);
            }
            if (options.Preview)
            {
                PreviewWriter.Write(previewPath, opened.Source, result.Mask, options.Overwrite);
                written.Add(previewPath);
                PreviewWriter.WriteQuickLook(quickLookPath, opened.Source, georeference, options.Overwrite);
                written.Add(quickLookPath);
            }
            timings["write"] = clock.Elapsed.TotalSeconds;

            var summary = MaskSummary.Describe(opened.Source, maskPath, modelInfo, result, opened.Metadata, timings);
            if (options.Cover is { } cover)
                summary = summary with
                {
                    CoverEstimate = Cover.CoverEstimateSummary.From(cover.Id, cover.EstimateScene(Cover.CoverPatch.FromSource(opened.Source, cancellation)),
                        result.CloudCoverPercent, result.PercentOfValid(Classes.MaskClass.CloudShadow)),
                };
            var context = new MaskSidecarContext(maskInput, summary, maskPath, jsonPath, written.ToList(),
                options.Preview ? previewPath : null, options.Probabilities ? probabilityPath : null, options.Uncertainty ? uncertaintyPath : null);
            foreach (var sidecar in options.Sidecars ?? [])
            {
                var path = Path.Combine(options.OutputFolder, sidecar.FileName(stem));
                sidecar.Write(path, context, options.Overwrite);
                written.Add(path);
            }
            AtomicFile.WriteAllText(jsonPath, summary.ToJson(), options.Overwrite);
            written.Add(jsonPath);
            return new MaskJobOutcome(input, MaskJobStatus.Written, $"cloud {summary.CloudCoverPercent:0.0} %, valid {summary.ValidPercent:0.0} %", written, summary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or OperationCanceledException)
        {
            // An input that fails leaves none of its outputs behind.
            foreach (var file in written) TryDelete(file);
            if (e is OperationCanceledException) throw;
            // The outcome is reported next to the input's name: keep only the reason.
            var reason = e is RasterException r && r.Path == input ? r.Reason
                : e.Message.StartsWith(input + ": ", StringComparison.Ordinal) ? e.Message[(input.Length + 2)..] : e.Message;
            return new MaskJobOutcome(input, MaskJobStatus.Failed, reason, [], null);
        }
    }

    private static void TryDelete(string file)
    {
        try { File.Delete(file); } catch (IOException) { /* best effort */ }
    }
}
