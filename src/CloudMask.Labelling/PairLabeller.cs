using CloudMask.Masking.Classes;
using CloudMask.Raster.Spectral;

namespace CloudMask.Labelling;

/// <summary>
/// Derives a cloud label from two images of one place on one grid, a cloudy one and a cloud-free
/// one: where the cloudy date is brighter, how much and how evenly across the spectrum says cloud
/// or thin cloud; where it is darker in NIR and SWIR on the far side of a cloud, shadow; where
/// nothing changed, clear; and where the evidence is weak or the ground itself changed (snow, wet
/// soil, harvest), undefined (5), which training ignores. The thresholds are <see cref="PairLabelRule"/>.
/// </summary>
public static class PairLabeller
{
    /// <summary>Labels a pair. Both images must hold the same bands (by wavelength) on the same grid.</summary>
    public static PairLabels Label(PairImages images, PairLabelRule? rule = null)
    {
        rule ??= PairLabelRule.Default;
        int width = images.Width, height = images.Height, n = width * height;
        var valid = new bool[n];
        for (var i = 0; i < n; i++) valid[i] = images.IsValid(i);
        var level = LevelDifference(images, valid, rule.LevelMatchCap);

        var labels = new byte[n];
        var dark = new bool[n];
        var visibleDifference = new float[n];
        for (var i = 0; i < n; i++)
        {
            if (!valid[i]) { labels[i] = (byte)MaskClass.Missing; visibleDifference[i] = float.NaN; continue; }
            float D(PairRole r) => images.Cloudy(r)[i] - images.Clear(r)[i] - level[(int)r];
            var visible = (D(PairRole.Blue) + D(PairRole.Green) + D(PairRole.Red)) / 3;
            visibleDifference[i] = visible;
            var nir = D(PairRole.Nir);
            var swir = images.Has(PairRole.Swir) ? D(PairRole.Swir) : float.NaN;
            var cirrus = images.Has(PairRole.Cirrus) ? images.Cloudy(PairRole.Cirrus)[i] : float.NaN;
            var swirRises = float.IsNaN(swir) || swir >= rule.SwirShare * visible - 0.01f;
            var snowLike = images.Has(PairRole.Swir) && SnowIndex(images.Cloudy(PairRole.Green)[i], images.Cloudy(PairRole.Swir)[i]) > rule.SnowIndex;

            // Ice cloud is as dark at 1.6 um as snow, but bright at 1.375 um, where snow is hidden by water vapour.
            var ice = cirrus >= rule.CirrusBand;
            if (visible >= rule.CloudVisible && images.Cloudy(PairRole.Blue)[i] >= rule.CloudBlue
                && (ice || ((float.IsNaN(swir) || swir >= rule.SwirShare * visible) && !snowLike)))
                labels[i] = (byte)MaskClass.Cloud;
            else if (ice && visible >= 0.01f)
                labels[i] = (byte)MaskClass.SemiTransparentCloud;
            else if (visible >= rule.ThinVisible && nir >= rule.FlatNirShare * visible && swirRises && !snowLike)
                labels[i] = (byte)MaskClass.SemiTransparentCloud;
            else if (Math.Abs(visible) < rule.ClearVisible && Math.Abs(nir) < rule.ClearNir
                && (float.IsNaN(swir) || Math.Abs(swir) < rule.ClearSwir) && !(cirrus >= rule.ClearCirrus)
                && Math.Abs(Brightness(images.Cloudy, i) / Math.Max(Brightness(images.Clear, i), 0.01f) - 1) < rule.ClearRatio)
                labels[i] = (byte)MaskClass.Clear;
            else
            {
                labels[i] = (byte)MaskClass.Undefined;
                dark[i] = visible < 0.01f && Ratio(images, PairRole.Nir, i) < rule.ShadowRatio
                    && (!images.Has(PairRole.Swir) || Ratio(images, PairRole.Swir, i) < rule.ShadowRatio);
            }
        }
        var shadow = ShadowOffset(labels, dark, width, height, rule);
        if (shadow is { } offset) MarkShadow(labels, dark, width, height, offset);
        LeaveEdgesUndefined(labels, width, height, rule.EdgeMargin);
        return new PairLabels(width, height, labels, level, shadow) { VisibleDifference = visibleDifference };
    }

    private static float Brightness(Func<PairRole, float[]> image, int i) =>
        image(PairRole.Blue)[i] + image(PairRole.Green)[i] + image(PairRole.Red)[i] + image(PairRole.Nir)[i];

    private static float SnowIndex(float green, float swir) => green + swir > 0 ? (green - swir) / (green + swir) : 0;

    private static float Ratio(PairImages images, PairRole role, int i) => images.Cloudy(role)[i] / Math.Max(images.Clear(role)[i], 0.01f);

    /// <summary>
    /// The overall level difference per band between the dates (haze, sun height, calibration), taken on the
    /// pixels that changed least in the visible (the lowest 40 %: cloud and its fringe only ever brighten),
    /// as their median difference, capped at <paramref name="cap"/> so that a scene of wholesale change stays one.
    /// </summary>
    private static float[] LevelDifference(PairImages images, bool[] valid, float cap)
    {
        var level = new float[Enum.GetValues<PairRole>().Length];
        var visible = new List<(float V, int I)>();
        for (var i = 0; i < valid.Length; i++)
            if (valid[i])
                visible.Add(((images.Cloudy(PairRole.Blue)[i] + images.Cloudy(PairRole.Green)[i] + images.Cloudy(PairRole.Red)[i]
                    - images.Clear(PairRole.Blue)[i] - images.Clear(PairRole.Green)[i] - images.Clear(PairRole.Red)[i]) / 3, i));
        if (visible.Count == 0) return level;
        visible.Sort((a, b) => a.V.CompareTo(b.V));
        var stable = visible.Take(Math.Max(1, visible.Count * 2 / 5)).Select(v => v.I).ToArray();
        foreach (var role in Enum.GetValues<PairRole>())
        {
            if (role == PairRole.Cirrus || !images.Has(role)) continue;
            var d = stable.Select(i => images.Cloudy(role)[i] - images.Clear(role)[i]).Order().ToArray();
            level[(int)role] = Math.Clamp(d[d.Length / 2], -cap, cap);
        }
        return level;
    }

    /// <summary>
    /// Where shadows lie relative to their clouds: the offset, within the search radius, that moves the
    /// most of the cloud mask onto dark pixels (found on a 4x coarser grid, then refined), or null when
    /// there is too little cloud or too little of it lands on dark ground to believe any shadow.
    /// </summary>
    private static (int Dx, int Dy)? ShadowOffset(byte[] labels, bool[] dark, int width, int height, PairLabelRule rule)
    {
        var cloud = labels.Count(l => l is (byte)MaskClass.Cloud);
        if (cloud < 16 || !dark.Any(d => d)) return null;
        // Ground darkened wholesale (rain, tillage, a flood) leaves dark pixels everywhere: no shadow can be told from it.
        var valid = labels.Count(l => l != (byte)MaskClass.Missing);
        if (dark.Count(d => d) > rule.WholesaleDarkening * (valid - cloud)) return null;
        const int f = 4;
        int w = (width + f - 1) / f, h = (height + f - 1) / f;
        var coarseCloud = new float[w * h];
        var coarseDark = new float[w * h];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var i = y * width + x;
                var k = y / f * w + x / f;
                if (labels[i] == (byte)MaskClass.Cloud) coarseCloud[k] += 1f / (f * f);
                if (dark[i]) coarseDark[k] += 1f / (f * f);
            }
        var reach = rule.ShadowSearch / f;
        (int Dx, int Dy) best = (0, 0);
        var bestScore = -1.0;
        for (var dy = -reach; dy <= reach; dy++)
            for (var dx = -reach; dx <= reach; dx++)
            {
                if (dx * dx + dy * dy > reach * reach || (dx == 0 && dy == 0)) continue;
                double score = 0;
                for (var y = Math.Max(0, -dy); y < Math.Min(h, h - dy); y++)
                    for (var x = Math.Max(0, -dx); x < Math.Min(w, w - dx); x++)
                        score += coarseCloud[y * w + x] * coarseDark[(y + dy) * w + x + dx];
                if (score > bestScore) { bestScore = score; best = (dx, dy); }
            }
        // Refine on the full grid around the coarse offset.
        var refined = (Dx: best.Dx * f, Dy: best.Dy * f);
        var refinedHits = -1;
        for (var dy = refined.Dy - f; dy <= refined.Dy + f; dy++)
            for (var dx = refined.Dx - f; dx <= refined.Dx + f; dx++)
            {
                var hits = Hits(labels, dark, width, height, dx, dy);
                if (hits > refinedHits) { refinedHits = hits; best = (dx, dy); }
            }
        return refinedHits >= rule.ShadowOverlap * cloud ? best : null;
    }

    private static int Hits(byte[] labels, bool[] dark, int width, int height, int dx, int dy)
    {
        var hits = 0;
        for (var y = Math.Max(0, -dy); y < Math.Min(height, height - dy); y++)
            for (var x = Math.Max(0, -dx); x < Math.Min(width, width - dx); x++)
                if (labels[y * width + x] == (byte)MaskClass.Cloud && dark[(y + dy) * width + x + dx]) hits++;
        return hits;
    }

    /// <summary>Dark pixels under the cloud mask moved by 0.6 to 1.4 times the offset (cloud tops differ in
    /// height, so one cloud's shadow is smeared along the sun's direction) become shadow.</summary>
    private static void MarkShadow(byte[] labels, bool[] dark, int width, int height, (int Dx, int Dy) offset)
    {
        var region = new bool[labels.Length];
        for (var step = 6; step <= 14; step++)
        {
            int dx = (int)Math.Round(offset.Dx * step / 10.0), dy = (int)Math.Round(offset.Dy * step / 10.0);
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                {
                    int sx = x - dx, sy = y - dy;
                    if (sx >= 0 && sy >= 0 && sx < width && sy < height && labels[sy * width + sx] == (byte)MaskClass.Cloud)
                        region[y * width + x] = true;
                }
        }
        for (var i = 0; i < labels.Length; i++)
            if (dark[i] && region[i]) labels[i] = (byte)MaskClass.CloudShadow;
    }

    /// <summary>Clear pixels within <paramref name="margin"/> of cloud or thin cloud become undefined: mixed
    /// pixels and the dates' sub-pixel shift make the edge uncertain.</summary>
    private static void LeaveEdgesUndefined(byte[] labels, int width, int height, int margin)
    {
        if (margin <= 0) return;
        var near = new bool[labels.Length];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                if (labels[y * width + x] is not ((byte)MaskClass.Cloud or (byte)MaskClass.SemiTransparentCloud)) continue;
                for (var v = Math.Max(0, y - margin); v <= Math.Min(height - 1, y + margin); v++)
                    for (var u = Math.Max(0, x - margin); u <= Math.Min(width - 1, x + margin); u++)
                        near[v * width + u] = true;
            }
        for (var i = 0; i < labels.Length; i++)
            if (near[i] && labels[i] == (byte)MaskClass.Clear) labels[i] = (byte)MaskClass.Undefined;
    }
}

/// <summary>The derived label and what the labeller found: the level difference it removed per band role and the shadow offset (pixels), if any.</summary>
public sealed record PairLabels(int Width, int Height, byte[] Codes, IReadOnlyList<float> LevelDifference, (int Dx, int Dy)? ShadowOffset)
{
    /// <summary>Per pixel, the mean of blue, green and red of the cloudy date minus the clear date, levels matched (NaN: no data).</summary>
    public float[] VisibleDifference { get; init; } = [];

    /// <summary>Pixels per code 0..5.</summary>
    public long[] Counts()
    {
        var counts = new long[6];
        foreach (var c in Codes) if (c < counts.Length) counts[c]++;
        return counts;
    }
}

/// <summary>The bands the labeller reads, by what they are for.</summary>
public enum PairRole { Blue, Green, Red, Nir, Swir, Cirrus }

/// <summary>
/// Reflectance planes of a cloudy and a cloud-free image of one place on one grid, picked by band role from
/// their band lists by wavelength: blue, green, red and NIR are required; SWIR (1.6 um) and the cirrus
/// band (1.375 um, cloudy image only) are used where both images have them.
/// </summary>
public sealed class PairImages
{
    private readonly float[]?[] cloudy = new float[]?[6], clear = new float[]?[6];

    private static readonly (PairRole Role, double Um, double Tolerance)[] Wanted =
        [(PairRole.Blue, 0.49, 0.04), (PairRole.Green, 0.56, 0.03), (PairRole.Red, 0.665, 0.03), (PairRole.Nir, 0.84, 0.05),
         (PairRole.Swir, 1.61, 0.08), (PairRole.Cirrus, 1.375, 0.02)];

    public PairImages(int width, int height, IReadOnlyList<SpectralBand> bands, Func<int, float[]> readCloudy, Func<int, float[]> readClear)
    {
        (Width, Height) = (width, height);
        foreach (var (role, um, tolerance) in Wanted)
        {
            var index = Enumerable.Range(0, bands.Count).Where(b => Math.Abs(bands[b].CentralWavelengthUm - um) <= tolerance)
                .OrderBy(b => Math.Abs(bands[b].CentralWavelengthUm - um)).Cast<int?>().FirstOrDefault();
            if (index is not { } b) continue;
            cloudy[(int)role] = readCloudy(b);
            clear[(int)role] = readClear(b);
            if (cloudy[(int)role]!.Length != width * height || clear[(int)role]!.Length != width * height)
                throw new ArgumentException($"band {bands[b].Name}: the planes do not hold {width}x{height} values");
        }
        var missing = new[] { PairRole.Blue, PairRole.Green, PairRole.Red, PairRole.Nir }.Where(r => !Has(r)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"no {string.Join(", ", missing.Select(r => r.ToString().ToLowerInvariant()))} band: labels from pairs need blue, green, red and NIR");
    }

    public int Width { get; }
    public int Height { get; }

    public bool Has(PairRole role) => cloudy[(int)role] is not null;

    public float[] Cloudy(PairRole role) => cloudy[(int)role] ?? throw new InvalidOperationException($"no {role} band");

    public float[] Clear(PairRole role) => clear[(int)role] ?? throw new InvalidOperationException($"no {role} band");

    /// <summary>Both images have data at pixel <paramref name="i"/> in every band used (no-data reads as NaN or 0).</summary>
    public bool IsValid(int i)
    {
        for (var r = 0; r < cloudy.Length; r++)
        {
            if (cloudy[r] is null || r == (int)PairRole.Cirrus) continue;
            float a = cloudy[r]![i], b = clear[r]![i];
            if (!float.IsFinite(a) || !float.IsFinite(b) || a <= 0 || b <= 0) return false;
        }
        return true;
    }
}
