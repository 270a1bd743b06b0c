using CloudMask.Masking.Classes;
using CloudMask.Masking.Models;
using CloudMask.Nn.Inference;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Inference;

/// <summary>
/// Masks a whole scene of any size with a model: reads it in strips one tile high, predicts
/// overlapping tiles (several at once, each on its share of the CPU threads: on two cores a full
/// Sentinel-2 tile took 7 % less time than one tile at a time on both), blends their probabilities
/// with raised-cosine weights across the overlaps (no seams), and takes the most probable class.
/// Memory is bounded by the strip, not the scene (plus the output mask). Pixels where any band has
/// no data become 0 (missing).
/// </summary>
public sealed class TiledPredictor(ISegmentationModel model, TilingOptions? options = null)
{
    private const int ClassCount = 4; // clear, shadow, semi-transparent, cloud: codes 1..4
    private readonly TilingOptions _options = (options ?? new TilingOptions()).Validated();

    public ISegmentationModel Model => model;

    public PredictionResult Predict(ISpectralSource source, PredictionOutputs outputs = PredictionOutputs.Mask,
        IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        var problem = model.CheckBands(source.SpectralBands);
        if (problem is not null) throw new RasterContentException(source.Path, problem);

        int width = source.Width, height = source.Height, bands = source.SpectralBands.Count;
        int tileW = Math.Min(_options.TileSize, width), tileH = Math.Min(_options.TileSize, height);
        var overlap = Math.Max(_options.Overlap, model.ContextPixels);
        var columns = TileGrid.Starts(width, tileW, Math.Min(overlap, tileW - 1));
        var rows = TileGrid.Starts(height, tileH, Math.Min(overlap, tileH - 1));
        var ramp = Math.Max(1, Math.Min(overlap, tileW / 2));

        var mask = new byte[(long)width * height];
        var probabilities = outputs.HasFlag(PredictionOutputs.Probabilities)
            ? Enumerable.Range(0, ClassCount).Select(_ => new byte[(long)width * height]).ToArray() : null;
        var uncertainty = outputs.HasFlag(PredictionOutputs.Uncertainty) ? new byte[(long)width * height] : null;
        // An ensemble's uncertainty is the mutual information between its passes; its mean
        // per-pass entropy is blended as a fifth plane so it can be computed after blending.
        var ensemble = uncertainty is not null ? model as IEnsembleModel : null;
        var planes = ClassCount + (ensemble is null ? 0 : 1);

        // Accumulators cover the rows [y, y + tileH) of the strip being predicted; rows finished
        // after each strip are shifted out, so the next strip's first row is always row 0 here.
        var sum = new float[planes * tileH * width];
        var weight = new float[tileH * width];
        var valid = new bool[tileH * width];
        // Two strip buffers: the next strip is decoded on another thread while the model works on this one.
        var strips = new[] { NewStrip(bands, tileH * width), NewStrip(bands, tileH * width) };
        // Tiles of a strip are predicted a wave of `workers` at a time, each on its share of the
        // compute threads, then blended one by one in column order: the same sums, in the same
        // order, as predicting them one at a time.
        var (workers, threadsEach) = _options.Split(ComputeThreads.Current, columns.Count);
        var slots = Enumerable.Range(0, workers).Select(_ => new TileSlot(bands, tileW, tileH, planes)).ToArray();
        var readWait = new System.Diagnostics.Stopwatch();
        var readSeconds = 0.0;
        var predict = new System.Diagnostics.Stopwatch();
        var blend = new System.Diagnostics.Stopwatch();

        Task<double> ReadStrip(int r, float[][] into) => Task.Run(() =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var window = new Window(0, rows[r], width, tileH);
            for (var b = 0; b < bands; b++) source.ReadReflectance(b, window, into[b]);
            return clock.Elapsed.TotalSeconds;
        });

        void PredictTile(TileSlot slot, float[][] strip, int x)
        {
            CopyTile(strip, slot.Planes, x, width, tileW, tileH);
            var tile = new SpectralTile(source.SpectralBands, tileW, tileH, slot.Planes);
            if (ensemble is null) model.Predict(tile, slot.Probabilities);
            else ensemble.Predict(tile, slot.Probabilities, slot.Probabilities.AsSpan(ClassCount * tileW * tileH));
        }

        var pending = ReadStrip(0, strips[0]);
        try
        {
            for (var r = 0; r < rows.Count; r++)
            {
                var y = rows[r];
                var strip = strips[r % 2];
                readWait.Start();
                readSeconds += pending.GetAwaiter().GetResult();
                readWait.Stop();
                if (r + 1 < rows.Count) pending = ReadStrip(r + 1, strips[(r + 1) % 2]);
                blend.Start();
                MarkValid(strip, valid, tileH, width);
                blend.Stop();
                var rowWeights = BlendWeights.Along(y, tileH, height, Math.Max(1, Math.Min(overlap, tileH / 2)));

                for (var first = 0; first < columns.Count; first += workers)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var count = Math.Min(workers, columns.Count - first);
                    predict.Start();
                    // One worker: on the calling thread with all its threads, as before parallel tiles.
                    if (workers == 1) PredictTile(slots[0], strip, columns[first]);
                    else InParallel(count, k =>
                    {
                        using var share = ComputeThreads.Use(threadsEach);
                        PredictTile(slots[k], strip, columns[first + k]);
                    }, cancellation);
                    predict.Stop();
                    blend.Start();
                    for (var k = 0; k < count; k++)
                    {
                        var x = columns[first + k];
                        Accumulate(slots[k].Probabilities, planes, sum, weight, BlendWeights.Along(x, tileW, width, ramp), rowWeights, x, width, tileW, tileH);
                    }
                    blend.Stop();
                }

                var finalUntil = r + 1 < rows.Count ? rows[r + 1] : y + tileH;
                blend.Start();
                Finalize(sum, planes, weight, valid, mask, probabilities, uncertainty, y, finalUntil - y, width);
                Shift(sum, planes, weight, valid, finalUntil - y, width, tileH);
                blend.Stop();
                progress?.Report((r + 1.0) / rows.Count);
            }
        }
        finally
        {
            // Never leave a read running on the source when we leave (cancellation, model error).
            try { pending.Wait(); } catch (AggregateException) { /* its error is not the one to report */ }
        }
        var timings = new Dictionary<string, double>
        {
            ["read"] = readSeconds,
            ["read_wait"] = readWait.Elapsed.TotalSeconds,
            ["model"] = predict.Elapsed.TotalSeconds,
            ["blend"] = blend.Elapsed.TotalSeconds,
        };
        return new PredictionResult(width, height, mask, probabilities, uncertainty, timings);
    }

    private static float[][] NewStrip(int bands, int pixels) => Enumerable.Range(0, bands).Select(_ => new float[pixels]).ToArray();

    /// <summary>A worker's own tile buffers: the bands in, the class probabilities (and pass entropy) out.</summary>
    private sealed class TileSlot(int bands, int width, int height, int planes)
    {
        public float[][] Planes { get; } = Enumerable.Range(0, bands).Select(_ => new float[width * height]).ToArray();
        public float[] Probabilities { get; } = new float[planes * width * height];
    }

    /// <summary>Runs body(0..count-1) on up to count threads; a failure surfaces as itself, not wrapped.</summary>
    private static void InParallel(int count, Action<int> body, CancellationToken cancellation)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = count, CancellationToken = cancellation }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    private static void MarkValid(float[][] strip, bool[] valid, int rows, int width)
    {
        for (var i = 0; i < rows * width; i++)
        {
            var ok = true;
            foreach (var plane in strip)
            {
                if (float.IsNaN(plane[i])) { ok = false; plane[i] = 0; } // models never see NaN
            }
            valid[i] = ok; // re-read overlap rows agree with the earlier read
        }
    }

    private static void CopyTile(float[][] strip, float[][] tilePlanes, int x, int width, int tileW, int tileH)
    {
        for (var b = 0; b < strip.Length; b++)
            for (var row = 0; row < tileH; row++)
                Array.Copy(strip[b], row * width + x, tilePlanes[b], row * tileW, tileW);
    }

    private static void Accumulate(float[] tileProbabilities, int planes, float[] sum, float[] weight, float[] columnWeights, float[] rowWeights,
        int x, int width, int tileW, int tileH)
    {
        var planeSize = tileW * tileH;
        var accPlane = sum.Length / planes;
        for (var row = 0; row < tileH; row++)
        {
            var target = row * width + x;
            for (var col = 0; col < tileW; col++)
            {
                var w = rowWeights[row] * columnWeights[col];
                var source = row * tileW + col;
                weight[target + col] += w;
                for (var c = 0; c < planes; c++) sum[c * accPlane + target + col] += w * tileProbabilities[c * planeSize + source];
            }
        }
    }

    private static void Finalize(float[] sum, int planes, float[] weight, bool[] valid, byte[] mask, byte[][]? probabilities, byte[]? uncertainty,
        long top, int rows, int width)
    {
        var accPlane = sum.Length / planes;
        Span<float> p = stackalloc float[ClassCount];
        for (var i = 0; i < rows * width; i++)
        {
            var target = top * width + i;
            if (!valid[i]) continue; // stays 0: missing (and probability 0)
            var best = 0;
            for (var c = 1; c < ClassCount; c++) if (sum[c * accPlane + i] > sum[best * accPlane + i]) best = c;
            mask[target] = (byte)((int)MaskClass.Clear + best);
            if (probabilities is null && uncertainty is null) continue;
            for (var c = 0; c < ClassCount; c++) p[c] = sum[c * accPlane + i] / weight[i];
            if (probabilities is not null)
                for (var c = 0; c < ClassCount; c++) probabilities[c][target] = (byte)Math.Clamp(MathF.Round(255 * p[c]), 0, 255);
            if (uncertainty is not null)
                uncertainty[target] = planes > ClassCount
                    ? Uncertainty.ScaledMutualInformation(p, sum[ClassCount * accPlane + i] / weight[i])
                    : Uncertainty.ScaledEntropy(p);
        }
    }

    /// <summary>Drops the first <paramref name="rows"/> finished rows and moves the rest up.</summary>
    private static void Shift(float[] sum, int planes, float[] weight, bool[] valid, int rows, int width, int tileH)
    {
        var keep = (tileH - rows) * width;
        var accPlane = sum.Length / planes;
        for (var c = 0; c < planes; c++)
        {
            Array.Copy(sum, c * accPlane + rows * width, sum, c * accPlane, Math.Max(0, keep));
            Array.Clear(sum, c * accPlane + Math.Max(0, keep), accPlane - Math.Max(0, keep));
        }
        Array.Copy(weight, rows * width, weight, 0, Math.Max(0, keep));
        Array.Clear(weight, Math.Max(0, keep), weight.Length - Math.Max(0, keep));
        Array.Copy(valid, rows * width, valid, 0, Math.Max(0, keep));
        Array.Clear(valid, Math.Max(0, keep), valid.Length - Math.Max(0, keep));
    }
}
