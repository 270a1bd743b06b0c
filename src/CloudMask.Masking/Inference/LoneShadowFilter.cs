using CloudMask.Masking.Classes;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Inference;

/// <summary>
/// A shadow needs a cloud to cast it: shadow pixels with no thin or thick cloud within the
/// reach of a shadow become clear. Networks call dark water, forest and north slopes shadow now
/// and then; in a cloud-free area every such pixel is a false alarm, and the issue allows less
/// than 1 % of a clear scene to be called cloud or shadow.
///
/// The check never removes a shadow a real cloud could cast: the search window is a square
/// (no sun direction needed), and a shadow whose caster could lie outside the image is kept.
/// Without the sun's azimuth that is every pixel within reach of an edge (so small chips are
/// left alone); with it, only pixels whose sun-ward ray leaves the image within reach.
/// </summary>
public static class LoneShadowFilter
{
    /// <summary>Highest cloud top that casts a shadow worth masking (cirrus anvils reach 12 km).</summary>
    public const double HighestCloudTopM = 12_000;

    /// <summary>Reach when the sun is unknown: a 12 km cloud top at a sun zenith of 59 degrees.</summary>
    public const double DefaultReachM = 20_000;

    /// <summary>
    /// How far from its cloud a shadow can fall, in metres: the highest cloud top times the
    /// tangent of the sun zenith (capped at 80 degrees, where a shadow is 68 km long).
    /// </summary>
    public static double ReachM(double? sunZenithDeg) =>
        sunZenithDeg is { } z && double.IsFinite(z) && z >= 0
            ? Math.Max(1_000, HighestCloudTopM * Math.Tan(Math.Min(z, 80) * Math.PI / 180))
            : DefaultReachM;

    /// <summary>
    /// The ground size of a pixel: the geotransform's when the raster is georeferenced, else the
    /// finest native band resolution, else Sentinel-2's 10 m.
    /// </summary>
    public static double PixelSizeM(ISpectralSource source)
    {
        if (source.Crs is not null && source.GeoTransform is { } t && Math.Abs(t.PixelWidth) > 0) return Math.Abs(t.PixelWidth);
        var native = source.SpectralBands.Select(b => b.NativeResolutionM).Where(r => r is > 0).Min();
        return native ?? 10;
    }

    /// <summary>The reach in pixels of <paramref name="source"/> for a sun zenith (null: unknown).</summary>
    public static int ReachPixels(ISpectralSource source, double? sunZenithDeg) =>
        (int)Math.Min(int.MaxValue / 4, Math.Ceiling(ReachM(sunZenithDeg) / PixelSizeM(source)));

    /// <summary>
    /// Sets to clear, in place, every shadow pixel of <paramref name="mask"/> that has no thin or
    /// thick cloud within <paramref name="reachPixels"/> pixels (in x and in y) and whose caster
    /// cannot lie outside the image.
    /// </summary>
    /// <param name="sunAzimuthDeg">Sun azimuth (clockwise from north; the raster is north-up), or
    /// null when unknown: then a shadow within reach of any edge is kept.</param>
    /// <returns>The number of pixels changed.</returns>
    public static long Apply(byte[] mask, int width, int height, int reachPixels, double? sunAzimuthDeg = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reachPixels);
        if ((long)width * height != mask.LongLength) throw new ArgumentException($"mask has {mask.LongLength} pixels, not {width} x {height}", nameof(mask));
        if (Array.IndexOf(mask, (byte)MaskClass.CloudShadow) < 0) return 0;
        // A reach spanning the whole raster: any cloud at all keeps every shadow.
        if (reachPixels >= Math.Max(width, height) - 1
            && (Array.IndexOf(mask, (byte)MaskClass.Cloud) >= 0 || Array.IndexOf(mask, (byte)MaskClass.SemiTransparentCloud) >= 0))
            return 0;
        var unseen = new UnseenCaster(width, height, reachPixels, sunAzimuthDeg);

        // Separable box dilation of the cloud pixels, one row at a time: near[x] counts the rows
        // of the window [y - reach, y + reach] whose horizontal window around x holds a cloud.
        var near = new int[width];
        var rowHits = new byte[width];
        var prefix = new int[width + 1];
        void AddRow(int row, int sign)
        {
            if (row < 0 || row >= height) return;
            HorizontalHits(mask, row, width, reachPixels, prefix, rowHits);
            for (var x = 0; x < width; x++) near[x] += sign * rowHits[x];
        }

        for (var row = 0; row < Math.Min(reachPixels, height); row++) AddRow(row, +1);
        long changed = 0;
        for (var y = 0; y < height; y++)
        {
            AddRow(y + reachPixels, +1);
            AddRow(y - reachPixels - 1, -1);
            var offset = (long)y * width;
            for (var x = 0; x < width; x++)
                if (mask[offset + x] == (byte)MaskClass.CloudShadow && near[x] == 0 && !unseen.Possible(x, y))
                {
                    mask[offset + x] = (byte)MaskClass.Clear;
                    changed++;
                }
        }
        return changed;
    }

    private static bool IsCloud(byte code) => code is (byte)MaskClass.SemiTransparentCloud or (byte)MaskClass.Cloud;

    /// <summary>hits[x] = 1 when row <paramref name="row"/> has a cloud in [x - reach, x + reach].</summary>
    private static void HorizontalHits(byte[] mask, int row, int width, int reach, int[] prefix, byte[] hits)
    {
        var offset = (long)row * width;
        prefix[0] = 0;
        for (var x = 0; x < width; x++) prefix[x + 1] = prefix[x] + (IsCloud(mask[offset + x]) ? 1 : 0);
        for (var x = 0; x < width; x++)
        {
            var from = Math.Max(0, x - reach);
            var to = Math.Min(width, x + reach + 1);
            hits[x] = prefix[to] - prefix[from] > 0 ? (byte)1 : (byte)0;
        }
    }

    /// <summary>Whether the cloud casting a shadow at a pixel could lie outside the image.</summary>
    private readonly struct UnseenCaster(int width, int height, int reach, double? sunAzimuthDeg)
    {
        // Toward the sun in image axes: east is +column, north is -row.
        private readonly double dx = sunAzimuthDeg is { } a ? Math.Sin(a * Math.PI / 180) : 0;
        private readonly double dy = sunAzimuthDeg is { } a ? -Math.Cos(a * Math.PI / 180) : 0;

        public bool Possible(int x, int y)
        {
            if (sunAzimuthDeg is null)
                return x < reach || y < reach || width - 1 - x < reach || height - 1 - y < reach;
            // Distance along the sun-ward ray to the image's edge.
            var exit = double.PositiveInfinity;
            if (dx > 1e-9) exit = Math.Min(exit, (width - 1 - x) / dx);
            else if (dx < -1e-9) exit = Math.Min(exit, x / -dx);
            if (dy > 1e-9) exit = Math.Min(exit, (height - 1 - y) / dy);
            else if (dy < -1e-9) exit = Math.Min(exit, y / -dy);
            return exit < reach;
        }
    }
}
