namespace CloudMask.Sentinel2.Reading;

/// <summary>A resampling kernel: weight of a source pixel at distance x (in source pixels, before stretching).</summary>
internal abstract class ResamplingKernel
{
    /// <summary>Half-width: the kernel is zero for |x| &gt;= Support.</summary>
    public abstract double Support { get; }

    public abstract double Weight(double x);

    /// <summary>Bilinear interpolation: the triangle 1 - |x| (support 1).</summary>
    public static ResamplingKernel Triangle { get; } = new TriangleKernel();

    /// <summary>
    /// Blackman-windowed sinc with 4 lobes, the "Sinc" filter of GraphicsMagick that KappaMask used to
    /// bring 20 m and 60 m bands to 10 m.
    /// </summary>
    public static ResamplingKernel BlackmanSinc { get; } = new BlackmanSincKernel();

    private sealed class TriangleKernel : ResamplingKernel
    {
        public override double Support => 1;
        public override double Weight(double x) => Math.Max(0, 1 - Math.Abs(x));
    }

    private sealed class BlackmanSincKernel : ResamplingKernel
    {
        private const int Lobes = 4;

        public override double Support => Lobes;

        /// <summary>sinc(x) * Blackman(x / Lobes), zero outside |x| &lt; Lobes.</summary>
        public override double Weight(double x)
        {
            if (Math.Abs(x) >= Lobes) return 0;
            if (x == 0) return 1;
            var px = Math.PI * x;
            var sinc = Math.Sin(px) / px;
            var t = x / Lobes;
            var blackman = 0.42 + 0.5 * Math.Cos(Math.PI * t) + 0.08 * Math.Cos(2 * Math.PI * t);
            return sinc * blackman;
        }
    }
}

/// <summary>
/// Separable resampling in floating point with a <see cref="ResamplingKernel"/>. Pixel centres are
/// aligned (pixel-is-area, as GDAL): target pixel i samples the source at (i + 0.5) * ratio - 0.5.
/// Going to a coarser grid the kernel is stretched by the ratio, so it also low-passes. Borders
/// replicate the edge pixel. Works on row windows so a strip needs only its rows plus a margin.
/// </summary>
internal static class SeparableResampler
{
    /// <summary>Source pixels needed on each side of a window for exact results: support x max(1, ratio).</summary>
    public static int Margin(ResamplingKernel kernel, double ratio) => (int)Math.Ceiling(kernel.Support * Math.Max(1.0, ratio)) + 1;

    /// <summary>
    /// Resamples a window of source rows to a window of target rows, full width.
    /// </summary>
    /// <param name="source">Source rows [sourceRow0, sourceRow0 + sourceRows) of a raster sourceWidth wide and sourceHeight high.</param>
    /// <param name="ratio">Source pixels per target pixel (1/6 for 60 m to 10 m).</param>
    /// <param name="target">Target rows [targetRow0, targetRow0 + targetRows), targetWidth wide.</param>
    public static void Resample(ResamplingKernel kernel,
        ReadOnlySpan<float> source, int sourceWidth, int sourceHeight, int sourceRow0, int sourceRows,
        double ratio, Span<float> target, int targetWidth, int targetRow0, int targetRows)
    {
        var columns = Weights(kernel, targetWidth, 0, sourceWidth, ratio);
        var rows = Weights(kernel, targetRows, targetRow0, sourceHeight, ratio);

        // Horizontal pass over the source rows the vertical pass will need.
        var temp = new float[sourceRows * targetWidth];
        for (var y = 0; y < sourceRows; y++)
        {
            var src = source.Slice(y * sourceWidth, sourceWidth);
            var dst = temp.AsSpan(y * targetWidth, targetWidth);
            for (var x = 0; x < targetWidth; x++)
            {
                var (first, w) = columns[x];
                double sum = 0;
                for (var k = 0; k < w.Length; k++) sum += w[k] * src[Math.Clamp(first + k, 0, sourceWidth - 1)];
                dst[x] = (float)sum;
            }
        }

        target[..(targetRows * targetWidth)].Clear();
        for (var y = 0; y < targetRows; y++)
        {
            var (first, w) = rows[y];
            var dst = target.Slice(y * targetWidth, targetWidth);
            for (var k = 0; k < w.Length; k++)
            {
                var sourceRow = Math.Clamp(first + k, 0, sourceHeight - 1) - sourceRow0;
                if ((uint)sourceRow >= (uint)sourceRows)
                    throw new InvalidOperationException($"source window rows {sourceRow0}..{sourceRow0 + sourceRows} miss row {sourceRow + sourceRow0}; widen the margin");
                var src = temp.AsSpan(sourceRow * targetWidth, targetWidth);
                var weight = (float)w[k];
                for (var x = 0; x < targetWidth; x++) dst[x] += weight * src[x];
            }
        }
    }

    /// <summary>First source index and normalised weights for each target index.</summary>
    internal static (int First, double[] Weights)[] Weights(ResamplingKernel kernel, int count, int start, int sourceSize, double ratio)
    {
        var scale = Math.Max(1.0, ratio);
        var support = kernel.Support * scale;
        var result = new (int, double[])[count];
        for (var i = 0; i < count; i++)
        {
            var centre = (start + i + 0.5) * ratio - 0.5;
            var first = (int)Math.Ceiling(centre - support);
            var last = (int)Math.Floor(centre + support);
            var w = new double[last - first + 1];
            double sum = 0;
            for (var k = first; k <= last; k++)
            {
                var v = kernel.Weight((k - centre) / scale);
                w[k - first] = v;
                sum += v;
            }
            for (var k = 0; k < w.Length; k++) w[k] /= sum;
            // Drop zero taps at the ends (the triangle has one on each side): they cost a pass each.
            var lead = 0;
            while (lead < w.Length - 1 && w[lead] == 0) lead++;
            var end = w.Length;
            while (end > lead + 1 && w[end - 1] == 0) end--;
            result[i] = (first + lead, w[lead..end]);
        }
        return result;
    }
}
