using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Data;

/// <summary>
/// Random changes a label survives: a square crop, flips and 90-degree rotations (clouds have
/// no up or down; the sun does, which is why shadows' side varies and real scenes show all
/// sides anyway), brightness gain (calibration, illumination) and haze (a path-radiance offset
/// that falls with wavelength as Rayleigh/aerosol scattering does; small enough not to be
/// cloud).
/// </summary>
public sealed record Augmentation
{
    public bool FlipsAndRotations { get; init; } = true;
    /// <summary>Gain drawn from [1 - j, 1 + j] for the whole sample.</summary>
    public float BrightnessJitter { get; init; } = 0.1f;
    /// <summary>Chance of adding haze, and its largest offset at 0.49 um (reflectance).</summary>
    public float HazeChance { get; init; } = 0.3f;
    public float HazeMax { get; init; } = 0.03f;

    public static Augmentation None { get; } = new() { FlipsAndRotations = false, BrightnessJitter = 0, HazeChance = 0 };

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
        for (var i = 0; i < plane; i++)
            targets[i] = noData[i] ? TrainingBatch.Ignore : TrainingBatch.TargetOf(sample.Labels[source[i]]);
    }

    /// <summary>Mirror an index into [0, size).</summary>
    private static int Clamp(int i, int size)
    {
        if (i < 0) i = -i;
        if (i >= size) i = Math.Max(0, 2 * size - 2 - i);
        return Math.Clamp(i, 0, size - 1);
    }
}
