using System.Runtime.CompilerServices;

namespace CloudMask.Simulation.Noise;

/// <summary>
/// Smooth 2D value noise and its fractal sum (fBm). Coordinates are in lattice cells; callers
/// scale metres by the feature size they want, so a field looks the same at 10, 20 or 60 m.
/// </summary>
internal static class ValueNoise
{
    /// <summary>Value noise in [0, 1]: hashed lattice values blended with a quintic fade.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sample(uint seed, double x, double y)
    {
        double fx = Math.Floor(x), fy = Math.Floor(y);
        int ix = (int)fx, iy = (int)fy;
        float tx = Fade((float)(x - fx)), ty = Fade((float)(y - fy));
        float a = LatticeHash.Unit(seed, ix, iy);
        float b = LatticeHash.Unit(seed, ix + 1, iy);
        float c = LatticeHash.Unit(seed, ix, iy + 1);
        float d = LatticeHash.Unit(seed, ix + 1, iy + 1);
        float top = a + (b - a) * tx;
        float bottom = c + (d - c) * tx;
        return top + (bottom - top) * ty;
    }

    /// <summary>
    /// Fractal Brownian motion: octaves of value noise, each twice as fine and <paramref name="gain"/>
    /// times as strong. Normalised back to about [0, 1] (mean 0.5); the spread shrinks with more octaves.
    /// </summary>
    public static float Fbm(uint seed, double x, double y, int octaves, float gain = 0.5f)
    {
        float sum = 0f, amplitude = 1f, norm = 0f;
        for (int o = 0; o < octaves; o++)
        {
            // Rotating and offsetting each octave hides the lattice axes.
            sum += amplitude * Sample(seed + (uint)o * 1013u, x + o * 17.31, y - o * 9.73);
            norm += amplitude;
            amplitude *= gain;
            (x, y) = (x * 1.62 - y * 1.18, x * 1.18 + y * 1.62);
        }
        return sum / norm;
    }

    /// <summary>Stretches fBm around 0.5 so that thresholds give usable area fractions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Contrast(float value, float factor) => Math.Clamp(0.5f + (value - 0.5f) * factor, 0f, 1f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Fade(float t) => t * t * t * (t * (t * 6f - 15f) + 10f);
}
