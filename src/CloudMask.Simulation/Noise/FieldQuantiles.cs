namespace CloudMask.Simulation.Noise;

/// <summary>
/// Turns "cover this fraction of the scene" into a threshold on a noise field by sampling the
/// field at a fixed set of points and taking the quantile. Deterministic for a given seed.
/// </summary>
internal static class FieldQuantiles
{
    private const int SampleCount = 2048;

    /// <summary>The value below which <paramref name="fraction"/> of the field lies.</summary>
    public static float Threshold(Func<double, double, float> field, double fraction, uint seed, double extent)
    {
        if (fraction <= 0) return float.NegativeInfinity; // nothing lies below it
        if (fraction >= 1) return float.PositiveInfinity;
        var values = new float[SampleCount];
        for (int i = 0; i < SampleCount; i++)
        {
            double x = LatticeHash.Unit(seed, i, 1) * extent;
            double y = LatticeHash.Unit(seed, i, 2) * extent;
            values[i] = field(x, y);
        }
        Array.Sort(values);
        return values[Math.Clamp((int)(fraction * SampleCount), 0, SampleCount - 1)];
    }
}
