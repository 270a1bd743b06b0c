using System.Runtime.CompilerServices;

namespace CloudMask.Simulation.Noise;

/// <summary>
/// A smooth field sampled on a regular grid and read back by bilinear interpolation. Nodes sit
/// at whole multiples of the step in scene coordinates, not relative to a window, so every
/// window or strip rendered with the same step reads identical values: renders stay seamless.
/// Fields whose finest detail is several steps wide lose nothing visible and cost a fraction.
/// </summary>
internal sealed class FieldGrid
{
    private readonly float[] _values;
    private readonly int _width, _height;
    private readonly long _firstColumn, _firstRow;
    private readonly double _step;

    private FieldGrid(float[] values, int width, int height, long firstColumn, long firstRow, double step)
    {
        (_values, _width, _height, _firstColumn, _firstRow, _step) = (values, width, height, firstColumn, firstRow, step);
    }

    /// <summary>Samples <paramref name="field"/> on the nodes covering the rectangle (plus one node of margin).</summary>
    public static FieldGrid Covering(Bounds bounds, double step, Func<double, double, float> field, bool parallel)
    {
        long c0 = (long)Math.Floor(bounds.MinX / step) - 1, c1 = (long)Math.Ceiling(bounds.MaxX / step) + 1;
        long r0 = (long)Math.Floor(bounds.MinY / step) - 1, r1 = (long)Math.Ceiling(bounds.MaxY / step) + 1;
        int width = (int)(c1 - c0 + 1), height = (int)(r1 - r0 + 1);
        var values = new float[width * height];
        void Row(int r)
        {
            double y = (r0 + r) * step;
            for (int c = 0; c < width; c++) values[r * width + c] = field((c0 + c) * step, y);
        }
        if (parallel) Parallel.For(0, height, Row);
        else for (int r = 0; r < height; r++) Row(r);
        return new FieldGrid(values, width, height, c0, r0, step);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float At(double x, double y)
    {
        double u = x / _step - _firstColumn, v = y / _step - _firstRow;
        int i = Math.Clamp((int)Math.Floor(u), 0, _width - 2);
        int j = Math.Clamp((int)Math.Floor(v), 0, _height - 2);
        float tx = (float)Math.Clamp(u - i, 0, 1), ty = (float)Math.Clamp(v - j, 0, 1);
        int k = j * _width + i;
        float top = _values[k] + (_values[k + 1] - _values[k]) * tx;
        float bottom = _values[k + _width] + (_values[k + _width + 1] - _values[k + _width]) * tx;
        return top + (bottom - top) * ty;
    }
}

/// <summary>An axis-aligned rectangle in scene metres.</summary>
internal readonly record struct Bounds(double MinX, double MinY, double MaxX, double MaxY)
{
    public Bounds Shift(double dx, double dy) => new(MinX + dx, MinY + dy, MaxX + dx, MaxY + dy);

    public Bounds Union(Bounds other) =>
        new(Math.Min(MinX, other.MinX), Math.Min(MinY, other.MinY), Math.Max(MaxX, other.MaxX), Math.Max(MaxY, other.MaxY));
}
