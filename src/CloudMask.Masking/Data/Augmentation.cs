using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Data;

/// <summary>
/// Random changes a label survives: a square crop, flips and 90-degree rotations (clouds have
/// no up or down; the sun does, which is why shadows' side varies and real scenes show all
/// sides anyway), brightness gain (calibration, illumination) and haze (a path-radiance offset
/// that falls with wavelength as Rayleigh/aerosol scattering does; small enough not to be
/// cloud), and resolution changes (the sample as if its bands had come at 20, 30 or 60 m and
/// been resampled to the 10 m grid, as Sentinel-2's 20/60 m bands and Landsat's 30 m bands are
/// when users feed them in: the network should not rely on 10 m texture being present).
/// </summary>
public sealed record Augmentation
{
    public bool FlipsAndRotations { get; init; } = true;
    /// <summary>Gain drawn from [1 - j, 1 + j] for the whole sample.</summary>
    public float BrightnessJitter { get; init; } = 0.1f;
    /// <summary>Chance of adding haze, and its largest offset at 0.49 um (reflectance).</summary>
    public float HazeChance { get; init; } = 0.3f;
    public float HazeMax { get; init; } = 0.03f;
    /// <summary>Chance of degrading the sample's resolution by one of <see cref="ResolutionFactors"/>
    /// (average-pooling blocks of factor x factor pixels, then bilinear back to the crop grid).
    /// Labels are left as they are: they are the 10 m truth the network must still predict.</summary>
    public float ResolutionChangeChance { get; init; } = 0.2f;
    /// <summary>Pooling factors to draw from: 2, 3 and 6 give 20, 30 and 60 m on a 10 m grid.</summary>
    public IReadOnlyList<int> ResolutionFactors { get; init; } = [2, 3, 6];

    public static Augmentation None { get; } = new() { FlipsAndRotations = false, BrightnessJitter = 0, HazeChance = 0, ResolutionChangeChance = 0 };

    /// <summary>Copies a size x size window of the chosen bands (mirror-padded where the sample is smaller)
    /// and its targets into the batch, transformed.</summary>
    internal void Apply(LabelledSample sample, int[] bandIndices, int size, Random random, bool randomWindow,
        Span<float> input, Span<int> targets)
    {
        var x0 = randomWindow && sample.Width > size ? random.Next(sample.Width - size + 1) : Math.Max(0, (sample.Width - size) / 2);
        var y0 = randomWindow && sample.Height > size ? random.Next(sample.Height - size + 1) : Math.Max(0, (sample.Height - size) / 2);
        var flipX = FlipsAndRotations && randomWindow && random.Next(2) == 1;
        var flipY = FlipsAndRotations && randomWindow && random.Next(2) == 1;
        var transpose = FlipsAndRotations && randomWindow && random.Next(2) == 1; // with the flips: all 8 symmetries
        var gain = randomWindow ? 1 + BrightnessJitter * (2 * (float)random.NextDouble() - 1) : 1f;
        var haze = randomWindow && random.NextDouble() < HazeChance ? HazeMax * (float)random.NextDouble() : 0f;
        // Drawn after the others so that the crops, flips and gains of a seed do not depend on it.
        var factor = randomWindow && ResolutionFactors.Count > 0 && random.NextDouble() < ResolutionChangeChance
            ? ResolutionFactors[random.Next(ResolutionFactors.Count)] : 1;
        var plane = size * size;
        var source = new int[plane];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                int u = transpose ? y : x, v = transpose ? x : y;
                if (flipX) u = size - 1 - u;
                if (flipY) v = size - 1 - v;
                source[y * size + x] = Clamp(y0 + v, sample.Height) * sample.Width + Clamp(x0 + u, sample.Width);
            }
        var noData = new bool[plane];
        for (var b = 0; b < bandIndices.Length; b++)
        {
            var band = sample.Bands[bandIndices[b]];
            var offset = haze * (float)Math.Pow(0.49 / band.CentralWavelengthUm, 1.5);
            var from = sample.Planes[bandIndices[b]];
            var to = input.Slice(b * plane, plane);
            for (var i = 0; i < plane; i++)
            {
                var r = from[source[i]];
                if (!float.IsFinite(r)) { noData[i] = true; to[i] = 0; }
                else to[i] = r * gain + offset;
            }
        }
        if (factor > 1)
            for (var b = 0; b < bandIndices.Length; b++)
                Degrade(input.Slice(b * plane, plane), noData, size, factor);
        for (var i = 0; i < plane; i++)
            targets[i] = noData[i] ? TrainingBatch.Ignore : TrainingBatch.TargetOf(sample.Labels[source[i]], sample.LabelClasses);
    }

    /// <summary>
    /// Replaces a size x size plane by its average over factor x factor blocks, interpolated
    /// bilinearly between block centres back to every pixel: what a coarser sensor would have
    /// recorded (a box-like point spread function), resampled to the fine grid as our readers do.
    /// No-data pixels neither contribute to a block's mean nor receive a value, so no data stays
    /// no data and valid pixels next to it do not darken towards 0.
    /// </summary>
    internal static void Degrade(Span<float> plane, ReadOnlySpan<bool> noData, int size, int factor)
    {
        var blocks = (size + factor - 1) / factor;
        var mean = new float[blocks * blocks];
        var count = new int[blocks * blocks];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                if (noData[y * size + x]) continue;
                var k = y / factor * blocks + x / factor;
                mean[k] += plane[y * size + x];
                count[k]++;
            }
        for (var k = 0; k < mean.Length; k++)
            if (count[k] > 0) mean[k] /= count[k];

        // Bilinear between block centres; beyond the outermost centres the edge block's mean holds.
        for (var y = 0; y < size; y++)
        {
            var (j0, j1, ty) = Between(y, factor, blocks);
            for (var x = 0; x < size; x++)
            {
                var i = y * size + x;
                if (noData[i]) continue;
                var (i0, i1, tx) = Between(x, factor, blocks);
                double sum = 0, weight = 0;
                Add(j0 * blocks + i0, (1 - ty) * (1 - tx));
                Add(j0 * blocks + i1, (1 - ty) * tx);
                Add(j1 * blocks + i0, ty * (1 - tx));
                Add(j1 * blocks + i1, ty * tx);
                // The pixel's own block has data (the pixel itself); should it get weight 0 while the
                // neighbours it is weighed against are empty, its own block's mean is the answer.
                plane[i] = weight > 0 ? (float)(sum / weight) : mean[y / factor * blocks + x / factor];

                void Add(int k, double w)
                {
                    if (count[k] == 0 || w <= 0) return;
                    sum += w * mean[k];
                    weight += w;
                }
            }
        }
    }

    /// <summary>The two blocks whose centres enclose pixel <paramref name="p"/> and the weight of the second.</summary>
    private static (int First, int Second, double T) Between(int p, int factor, int blocks)
    {
        var u = (p + 0.5) / factor - 0.5; // pixel centre in block units; block j's centre is at j
        var first = (int)Math.Floor(u);
        var t = u - first;
        if (first < 0) return (0, 0, 0);
        if (first >= blocks - 1) return (blocks - 1, blocks - 1, 0);
        return (first, first + 1, t);
    }

    /// <summary>Mirror an index into [0, size).</summary>
    private static int Clamp(int i, int size)
    {
        if (i < 0) i = -i;
        if (i >= size) i = Math.Max(0, 2 * size - 2 - i);
        return Math.Clamp(i, 0, size - 1);
    }
}
