using CloudMask.Masking.Classes;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Inference;

/// <summary>
/// A shadow needs a cloud to cast it: shadow pixels with no thin or thick cloud within the
/// reach of a shadow, or with far more shadow around them than the clouds there could cast,
/// become clear. Networks call dark water, forest and north slopes shadow now and then; in a
/// cloud-free area every such pixel is a false alarm, and the issue allows less than 1 % of a
/// clear scene to be called cloud or shadow. A few false thin-cloud specks must not excuse
/// whole lakes of false shadow, hence the area rule.
///
/// The check is loose on purpose: the search window is a square (no sun direction needed), the
/// area allowance is generous, and a shadow whose caster could lie outside the image is kept.
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
    /// Most shadow a cloud pixel can cast: a shadow has its cloud's area on flat ground, plus the
    /// cloud's depth times tan(sun zenith) in length. A cumulus as deep as wide at a sun zenith of
    /// 70 degrees casts 3.7 times its area, so a window with over 4 shadow pixels per cloud
    /// pixel holds shadow that no cloud in it casts (in simulated scenes the ratio is at most 0.4).
    /// </summary>
    public const int MaxShadowPerCloudPixel = 4;

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
    /// Sets to clear, in place, every shadow pixel of <paramref name="mask"/> that is lone: the
    /// window of <paramref name="reachPixels"/> pixels around it (in x and in y) holds no thin or
    /// thick cloud, or more than <see cref="MaxShadowPerCloudPixel"/> shadow pixels per cloud
    /// pixel; unless its caster could lie outside the image.
    /// </summary>
    /// <param name="sunAzimuthDeg">Sun azimuth (clockwise from north; the raster is north-up), or
    /// null when unknown: then a shadow within reach of any edge is kept.</param>
    /// <returns>The number of pixels changed.</returns>
    public static long Apply(byte[] mask, int width, int height, int reachPixels, double? sunAzimuthDeg = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reachPixels);
        if ((long)width * height != mask.LongLength) throw new ArgumentException($"mask has {mask.LongLength} pixels, not {width} x {height}", nameof(mask));
        if (Array.IndexOf(mask, (byte)MaskClass.CloudShadow) < 0) return 0;
        // Without the sun's direction, a raster narrower than the window has every caster possibly outside.
        if (sunAzimuthDeg is null && (width < 2 * (long)reachPixels + 1 || height < 2 * (long)reachPixels + 1)) return 0;
        var unseen = new UnseenCaster(width, height, reachPixels, sunAzimuthDeg);

        // Separable box sums, one row at a time: clouds[x] and shadows[x] count the cloud and
        // shadow pixels of the window [x - reach, x + reach] x [y - reach, y + reach].
        var clouds = new long[width];
        var shadows = new long[width];
        var rowClouds = new int[width];
        var rowShadows = new int[width];
        var prefixClouds = new int[width + 1];
        var prefixShadows = new int[width + 1];
        void AddRow(int row, int sign)
        {
            if (row < 0 || row >= height) return;
            HorizontalCounts(mask, row, width, reachPixels, prefixClouds, prefixShadows, rowClouds, rowShadows);
            for (var x = 0; x < width; x++)
            {
                clouds[x] += sign * rowClouds[x];
                shadows[x] += sign * rowShadows[x];
            }
        }

        for (var row = 0; row < Math.Min(reachPixels, height); row++) AddRow(row, +1);
        // Decide on the original mask: a pixel to clear is marked, still counting as shadow for
        // its neighbours' windows, and only turned clear at the end.
        long cleared = 0;
        for (var y = 0; y < height; y++)
        {
            AddRow(y + reachPixels, +1);
            AddRow(y - reachPixels - 1, -1);
            var offset = (long)y * width;
            for (var x = 0; x < width; x++)
                if (mask[offset + x] == (byte)MaskClass.CloudShadow && shadows[x] > MaxShadowPerCloudPixel * clouds[x] && !unseen.Possible(x, y))
                {
                    mask[offset + x] = ToClear;
                    cleared++;
                }
        }
        if (cleared > 0)
            for (long i = 0; i < mask.LongLength; i++)
                if (mask[i] == ToClear) mask[i] = (byte)MaskClass.Clear;
        return cleared;
    }

    /// <summary>A shadow pixel already judged lone: no class uses this code.</summary>
    private const byte ToClear = 255;

    private static bool IsCloud(byte code) => code is (byte)MaskClass.SemiTransparentCloud or (byte)MaskClass.Cloud;

    /// <summary>Cloud and shadow pixels of row <paramref name="row"/> in [x - reach, x + reach], for every x.</summary>
    private static void HorizontalCounts(byte[] mask, int row, int width, int reach, int[] prefixClouds, int[] prefixShadows,
        int[] clouds, int[] shadows)
    {
        var offset = (long)row * width;
        prefixClouds[0] = prefixShadows[0] = 0;
        for (var x = 0; x < width; x++)
        {
            var code = mask[offset + x];
            prefixClouds[x + 1] = prefixClouds[x] + (IsCloud(code) ? 1 : 0);
            prefixShadows[x + 1] = prefixShadows[x] + (code is (byte)MaskClass.CloudShadow or ToClear ? 1 : 0);
        }
        for (var x = 0; x < width; x++)
        {
            var from = Math.Max(0, x - reach);
            var to = Math.Min(width, x + reach + 1);
            clouds[x] = prefixClouds[to] - prefixClouds[from];
            shadows[x] = prefixShadows[to] - prefixShadows[from];
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
