using CloudMask.Masking.Classes;
using CloudMask.Masking.Data;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Cover;

/// <summary>
/// What the cover network sees of an image: every reflective band area-averaged onto a fixed
/// Size x Size grid (no-data ignored; a cell with none is 0), plus, for labelled images, the
/// true cover (thin + thick cloud, % of valid pixels) and shadow (% of valid pixels).
/// Valid pixels are labels 1-4 (clear, shadow, thin, cloud); 0 (missing) and 5 (undefined) are left out.
/// </summary>
public sealed record CoverPatch(string Name, IReadOnlyList<SpectralBand> Bands, float[][] Planes, double CoverPercent, double ShadowPercent, long ValidPixels)
{
    /// <summary>Side of the grid the network works on.</summary>
    public const int Size = 64;

    /// <summary>Band list key: patches with the same key can share a batch.</summary>
    public string BandKey => string.Join("|", Bands.Select(b => $"{b.CentralWavelengthUm:0.####}/{b.FwhmUm:0.####}"));

    /// <summary>Cover and shadow (% of valid pixels) of label codes; NaN when no pixel is valid.</summary>
    public static (double Cover, double Shadow, long Valid) LabelCover(ReadOnlySpan<byte> labels)
    {
        long valid = 0, cloud = 0, shadow = 0;
        foreach (var code in labels)
        {
            if (code is < 1 or > 4) continue;
            valid++;
            if (code is (byte)MaskClass.Cloud or (byte)MaskClass.SemiTransparentCloud) cloud++;
            else if (code == (byte)MaskClass.CloudShadow) shadow++;
        }
        return valid == 0 ? (double.NaN, double.NaN, 0) : (100.0 * cloud / valid, 100.0 * shadow / valid, valid);
    }

    /// <summary>The patch of a labelled sample (its reflective bands; pixels with label 0 count as no data).</summary>
    public static CoverPatch FromSample(LabelledSample sample)
    {
        var (cover, shadow, valid) = LabelCover(sample.Labels);
        var indices = ReflectiveIndices(sample.Bands, sample.Name);
        var planes = indices.Select(b => Downsample(sample.Planes[b], sample.Width, sample.Height, sample.Labels)).ToArray();
        return new CoverPatch(sample.Name, indices.Select(i => sample.Bands[i]).ToArray(), planes, cover, shadow, valid);
    }

    /// <summary>The sample cut into tiles x tiles equal parts, each a patch named NAME#k (e.g. the four quadrants of a chip).</summary>
    public static IEnumerable<CoverPatch> Parts(LabelledSample sample, int tiles)
    {
        int w = sample.Width / tiles, h = sample.Height / tiles;
        for (var ty = 0; ty < tiles; ty++)
            for (var tx = 0; tx < tiles; tx++)
            {
                var planes = sample.Planes.Select(p => Crop(p, sample.Width, tx * w, ty * h, w, h)).ToArray();
                var labels = Crop(sample.Labels, sample.Width, tx * w, ty * h, w, h);
                yield return FromSample(new LabelledSample($"{sample.Name}#{ty * tiles + tx}", sample.Bands, w, h, planes, labels));
            }
    }

    /// <summary>Largest block side, in input pixels, that becomes one patch (at 10 m: 10 km, the ground size of the
    /// larger training patches). A larger input is cut into equal blocks of at most this side.</summary>
    public const int MaxBlockPixels = 1024;

    /// <summary>
    /// A scene as unlabelled patches: the input is cut into nx x ny equal blocks of at most
    /// <paramref name="maxBlock"/> px a side, each averaged onto 64 x 64 cells, read in strips at full resolution.
    /// <see cref="ValidPixels"/> counts a block's pixels with data in the first band; blocks without any are left out.
    /// </summary>
    public static IReadOnlyList<CoverPatch> FromSource(ISpectralSource source, CancellationToken cancellation = default, int maxBlock = MaxBlockPixels)
    {
        var indices = ReflectiveIndices(source.SpectralBands, source.Path);
        int w = source.Width, h = source.Height;
        int nx = (w + maxBlock - 1) / maxBlock, ny = (h + maxBlock - 1) / maxBlock, gw = nx * Size, gh = ny * Size;
        var planes = new float[indices.Length][];
        var valid = new long[nx * ny];
        const int strip = 256;
        var buffer = new float[w * Math.Min(strip, h)];
        for (var k = 0; k < indices.Length; k++)
        {
            var sums = new double[gw * gh];
            var counts = new int[gw * gh];
            for (var y0 = 0; y0 < h; y0 += strip)
            {
                cancellation.ThrowIfCancellationRequested();
                var rows = Math.Min(strip, h - y0);
                source.ReadReflectance(indices[k], new Window(0, y0, w, rows), buffer.AsSpan(0, w * rows));
                for (var y = 0; y < rows; y++)
                {
                    var cy = (int)((long)(y0 + y) * gh / h);
                    for (var x = 0; x < w; x++)
                    {
                        var v = buffer[y * w + x];
                        if (!float.IsFinite(v)) continue;
                        var cell = cy * gw + (int)((long)x * gw / w);
                        sums[cell] += v;
                        counts[cell]++;
                    }
                }
            }
            if (k == 0)
                for (var c = 0; c < counts.Length; c++) valid[c / gw / Size * nx + c % gw / Size] += counts[c];
            planes[k] = Average(sums, counts);
        }
        var bands = indices.Select(i => source.SpectralBands[i]).ToArray();
        var patches = new List<CoverPatch>();
        for (var by = 0; by < ny; by++)
            for (var bx = 0; bx < nx; bx++)
            {
                if (valid[by * nx + bx] == 0) continue;
                var blockPlanes = planes.Select(p =>
                {
                    var block = new float[Size * Size];
                    for (var y = 0; y < Size; y++) Array.Copy(p, (by * Size + y) * gw + bx * Size, block, y * Size, Size);
                    return block;
                }).ToArray();
                var name = nx * ny == 1 ? source.Path : $"{source.Path}#{by * nx + bx}";
                patches.Add(new CoverPatch(name, bands, blockPlanes, double.NaN, double.NaN, valid[by * nx + bx]));
            }
        if (patches.Count == 0) throw new ArgumentException($"{source.Path}: no pixel has data");
        return patches;
    }

    private static int[] ReflectiveIndices(IReadOnlyList<SpectralBand> bands, string name)
    {
        var indices = Enumerable.Range(0, bands.Count).Where(i => Models.BandDescriptor.IsReflective(bands[i])).ToArray();
        if (indices.Length < Models.CloudMaskAnyModel.MinimumBands)
            throw new ArgumentException($"{name}: cover estimation needs at least {Models.CloudMaskAnyModel.MinimumBands} reflective bands "
                + $"(centre wavelength {Models.BandDescriptor.MinWavelengthUm}-{Models.BandDescriptor.MaxWavelengthUm} um); it has {indices.Length}");
        return indices;
    }

    private static float[] Downsample(float[] plane, int w, int h, byte[] labels)
    {
        var sums = new double[Size * Size];
        var counts = new int[Size * Size];
        for (var y = 0; y < h; y++)
        {
            var cy = (int)((long)y * Size / h);
            for (var x = 0; x < w; x++)
            {
                var i = y * w + x;
                var v = plane[i];
                if (labels[i] == 0 || !float.IsFinite(v)) continue;
                var cell = cy * Size + (int)((long)x * Size / w);
                sums[cell] += v;
                counts[cell]++;
            }
        }
        return Average(sums, counts);
    }

    private static float[] Average(double[] sums, int[] counts)
    {
        var result = new float[sums.Length];
        for (var i = 0; i < sums.Length; i++) result[i] = counts[i] == 0 ? 0f : (float)(sums[i] / counts[i]);
        return result;
    }

    private static T[] Crop<T>(T[] plane, int width, int x0, int y0, int w, int h)
    {
        var result = new T[w * h];
        for (var y = 0; y < h; y++) Array.Copy(plane, (y0 + y) * width + x0, result, y * w, w);
        return result;
    }
}
