using CloudMask.Masking.Models;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Inference;

/// <summary>
/// Test-time augmentation around any model: predicts the tile as it is and flipped left-right,
/// top-bottom and both, flips each answer back and averages. Clouds have no preferred
/// orientation, so a model that is sure gives the same answer four times; where the answers
/// differ, the mutual information between passes is high. Costs four predictions per tile.
/// </summary>
public sealed class FlipEnsemble(ISegmentationModel inner) : IEnsembleModel, IDisposable
{
    private const int ClassCount = 4;

    public ISegmentationModel Inner => inner;
    public string Id => inner.Id;
    public int ContextPixels => inner.ContextPixels;
    public int Passes => 4;

    public string? CheckBands(IReadOnlyList<SpectralBand> bands) => inner.CheckBands(bands);

    public void Predict(SpectralTile tile, Span<float> probabilities) =>
        Predict(tile, probabilities, new float[tile.Width * tile.Height]);

    public void Predict(SpectralTile tile, Span<float> meanProbabilities, Span<float> meanPassEntropy)
    {
        int w = tile.Width, h = tile.Height, plane = w * h;
        var flipped = tile.Planes.Select(_ => new float[plane]).ToArray();
        var pass = new float[ClassCount * plane];
        meanProbabilities[..(ClassCount * plane)].Clear();
        meanPassEntropy[..plane].Clear();
        Span<float> p = stackalloc float[ClassCount];
        foreach (var (flipX, flipY) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            for (var b = 0; b < tile.Planes.Length; b++) Flip(tile.Planes[b], flipped[b], w, h, flipX, flipY);
            inner.Predict(new SpectralTile(tile.Bands, w, h, flipped), pass);
            // A flip is its own inverse: reading the flipped answer at the flipped index puts it back.
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    var source = (flipY ? h - 1 - y : y) * w + (flipX ? w - 1 - x : x);
                    var target = y * w + x;
                    for (var c = 0; c < ClassCount; c++)
                    {
                        p[c] = pass[c * plane + source];
                        meanProbabilities[c * plane + target] += p[c] / Passes;
                    }
                    meanPassEntropy[target] += (float)(Uncertainty.Entropy(p) / Passes);
                }
        }
    }

    private static void Flip(float[] from, float[] to, int w, int h, bool flipX, bool flipY)
    {
        for (var y = 0; y < h; y++)
        {
            var sourceRow = (flipY ? h - 1 - y : y) * w;
            if (!flipX) Array.Copy(from, sourceRow, to, y * w, w);
            else for (var x = 0; x < w; x++) to[y * w + x] = from[sourceRow + w - 1 - x];
        }
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
