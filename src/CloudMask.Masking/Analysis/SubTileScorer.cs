using CloudMask.Masking.Classes;
using CloudMask.Masking.Evaluation;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Analysis;

/// <summary>
/// How informative one sub-tile would be to label. <see cref="MeanUncertainty"/> is the mean of
/// the uncertainty band / 255 over valid pixels; <see cref="Disagreement"/> the share of valid pixels
/// where the reference (a second model or an existing mask) gives another class (null: no reference);
/// <see cref="Score"/> = MeanUncertainty + disagreement weight x Disagreement. Class fractions
/// (clear, shadow, thin, cloud) of the current prediction describe the tile for diversity.
/// </summary>
public sealed record SubTileScore(string Input, int X, int Y, int Width, int Height, double ValidFraction, double MeanUncertainty,
    double? Disagreement, double Score, IReadOnlyList<double> ClassFractions);

/// <summary>Something to disagree with: a second model, or an existing mask on the input's grid.</summary>
public abstract record ReferenceMask
{
    /// <summary>A second model predicted over the same input.</summary>
    public sealed record Model(ISegmentationModel Segmenter) : ReferenceMask;

    /// <summary>An existing mask file per input (e.g. Sen2Cor SCL) in <paramref name="Scheme"/> codes; it must cover
    /// the input's extent, at the same or another resolution (read with nearest-neighbour resampling).</summary>
    public sealed record File(Func<string, string> PathFor, ExternalMaskScheme Scheme) : ReferenceMask;
}

/// <summary>
/// Splits an input into sub-tiles (512 x 512 by default, the last row and column shifted inside
/// the image so every tile is full size), predicts the whole input once with uncertainty, and
/// scores every tile by how unsure the model is there (and how much it disagrees with a reference).
/// Tiles with less than <see cref="MinValidFraction"/> valid pixels (swath edges) are left out.
/// </summary>
public sealed class SubTileScorer(ISegmentationModel model, int tileSize = 512, ReferenceMask? reference = null, double disagreementWeight = 1.0)
{
    public const double MinValidFraction = 0.5;

    public int TileSize => tileSize;

    public IReadOnlyList<SubTileScore> Score(ISpectralSource source, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        if (tileSize < 16) throw new ArgumentOutOfRangeException(nameof(tileSize), tileSize, "sub-tiles must be at least 16 px");
        var share = reference is ReferenceMask.Model ? 0.5 : 1.0;
        var prediction = new TiledPredictor(model).Predict(source, PredictionOutputs.Uncertainty,
            progress is null ? null : new Progress<double>(f => progress.Report(f * share)), cancellation);
        var other = reference switch
        {
            ReferenceMask.Model m => new TiledPredictor(m.Segmenter).Predict(source, PredictionOutputs.Mask,
                progress is null ? null : new Progress<double>(f => progress.Report(0.5 + f * 0.5)), cancellation).Mask,
            ReferenceMask.File f => ReadReference(f.PathFor(source.Path), f.Scheme, source.Width, source.Height),
            _ => null,
        };
        return ScoreTiles(source.Path, source.Width, source.Height, prediction.Mask, prediction.Uncertainty!, other);
    }

    /// <summary>Scores the tiles of a prediction already made (mask and uncertainty of width x height; reference in project codes or null).</summary>
    public IReadOnlyList<SubTileScore> ScoreTiles(string input, int width, int height, byte[] mask, byte[] uncertainty, byte[]? reference)
    {
        var scores = new List<SubTileScore>();
        foreach (var y in Starts(height, tileSize))
            foreach (var x in Starts(width, tileSize))
            {
                int w = Math.Min(tileSize, width), h = Math.Min(tileSize, height);
                long valid = 0, uncertaintySum = 0, compared = 0, differing = 0;
                var classes = new long[4];
                for (var row = y; row < y + h; row++)
                    for (var col = x; col < x + w; col++)
                    {
                        var i = (long)row * width + col;
                        var code = mask[i];
                        if (code is 0 or > 4) continue;
                        valid++;
                        uncertaintySum += uncertainty[i];
                        classes[code - 1]++;
                        if (reference is null || reference[i] is 0 or > 4) continue;
                        compared++;
                        if (reference[i] != code) differing++;
                    }
                var validFraction = (double)valid / ((long)w * h);
                if (validFraction < MinValidFraction) continue;
                var meanUncertainty = uncertaintySum / 255.0 / valid;
                double? disagreement = reference is null ? null : compared == 0 ? 0 : (double)differing / compared;
                scores.Add(new SubTileScore(input, x, y, w, h, validFraction, meanUncertainty, disagreement,
                    meanUncertainty + disagreementWeight * (disagreement ?? 0), classes.Select(c => (double)c / valid).ToArray()));
            }
        return scores;
    }

    /// <summary>Tile origins along one axis: every <paramref name="size"/> px, the last one moved back to end at the edge.</summary>
    public static IReadOnlyList<int> Starts(int length, int size)
    {
        if (length <= size) return [0];
        var starts = new List<int>();
        for (var s = 0; s + size <= length; s += size) starts.Add(s);
        if (starts[^1] + size < length) starts.Add(length - size);
        return starts;
    }

    private static byte[] ReadReference(string path, ExternalMaskScheme scheme, int width, int height)
    {
        using var dataset = RasterDataset.Open(path);
        // Another resolution is fine (SCL is 20 m beside a 10 m product) as long as the shape matches.
        if (Math.Abs((double)dataset.Width / dataset.Height - (double)width / height) > 0.01)
            throw new RasterContentException(path, $"is {dataset.Width}x{dataset.Height}, which does not cover the input's {width}x{height} grid");
        var codes = new byte[(long)width * height];
        dataset.Band(1).Read<byte>(Window.Full(dataset.Width, dataset.Height), codes, width, height, Resampling.Nearest);
        scheme.MapInPlace(codes);
        return codes;
    }
}
