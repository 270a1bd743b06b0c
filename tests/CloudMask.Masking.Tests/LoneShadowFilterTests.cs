using System.Text.Json;
using CloudMask.Masking.Classes;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using CloudMask.Masking.Output;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;
using CloudMask.TestSupport;

namespace CloudMask.Masking.Tests;

public class LoneShadowFilterTests
{
    private const byte Missing = 0, Clear = 1, Shadow = 2, Thin = 3, Cloud = 4;

    [Fact]
    public void Shadows_within_reach_of_thin_or_thick_cloud_stay_and_the_rest_become_clear()
    {
        // 11 x 9, reach 2: pixels at least 2 from every edge are checked. Cloud at (3,3), thin
        // cloud at (8,6). Chebyshev distances by hand: (7,3) is 4 from the cloud and 3 from the
        // thin: cleared; (2,6) is 3 from the cloud: cleared; (5,5) is 2 from the cloud: stays;
        // (6,5) is 3 from the cloud but 2 from the thin: stays; (0,4) is 3 from the cloud but
        // 0 from the edge, so its cloud could be outside the image: stays.
        var mask = Enumerable.Repeat(Clear, 11 * 9).ToArray();
        void Set(int x, int y, byte code) => mask[y * 11 + x] = code;
        Set(3, 3, Cloud); Set(8, 6, Thin); Set(8, 2, Missing);
        foreach (var (x, y) in new[] { (7, 3), (2, 6), (5, 5), (6, 5), (0, 4) }) Set(x, y, Shadow);

        var changed = LoneShadowFilter.Apply(mask, 11, 9, reachPixels: 2);

        Assert.Equal(2, changed);
        Assert.Equal(Clear, mask[3 * 11 + 7]);
        Assert.Equal(Clear, mask[6 * 11 + 2]);
        Assert.Equal(Shadow, mask[5 * 11 + 5]);
        Assert.Equal(Shadow, mask[5 * 11 + 6]);
        Assert.Equal(Shadow, mask[4 * 11 + 0]);
        Assert.Equal(Missing, mask[2 * 11 + 8]);
        Assert.Equal(Cloud, mask[3 * 11 + 3]);
    }

    [Fact]
    public void Without_any_cloud_every_shadow_away_from_the_edges_is_cleared()
    {
        var mask = Enumerable.Repeat(Clear, 25).ToArray();
        mask[2 * 5 + 2] = mask[3 * 5 + 1] = mask[0] = Shadow;
        Assert.Equal(2, LoneShadowFilter.Apply(mask, 5, 5, reachPixels: 1));
        Assert.Equal(Clear, mask[2 * 5 + 2]);
        Assert.Equal(Clear, mask[3 * 5 + 1]);
        Assert.Equal(Shadow, mask[0]);
    }

    [Theory]
    [InlineData(4, 0)] // 4 shadow pixels per cloud pixel: a deep cloud at a low sun can cast that
    [InlineData(5, 5)] // 5: more than any cloud casts, so all of it goes
    public void Far_more_shadow_than_the_clouds_around_could_cast_is_cleared(int shadowPixels, int expectedCleared)
    {
        // 21 x 21, reach 5: one cloud pixel at (10,10), a row of shadow below it from x = 8.
        var mask = Enumerable.Repeat(Clear, 21 * 21).ToArray();
        mask[10 * 21 + 10] = Cloud;
        for (var x = 8; x < 8 + shadowPixels; x++) mask[11 * 21 + x] = Shadow;

        Assert.Equal(expectedCleared, LoneShadowFilter.Apply(mask, 21, 21, reachPixels: 5));
        Assert.Equal(shadowPixels - expectedCleared, mask.Count(c => c == Shadow));
    }

    [Theory]
    [InlineData(180.0, 6)] // sun in the south: the caster lies south; only the last 3 rows could have it outside
    [InlineData(90.0, 9)]  // sun in the east: 4 columns of image east of x = 4, more than the reach
    [InlineData(0.0, 6)]   // sun in the north: the first 3 rows could have their caster outside
    public void With_the_sun_azimuth_only_shadows_whose_sunward_ray_leaves_the_image_are_kept(double azimuth, int clearedRows)
    {
        // A column of shadow at x = 4 in a cloud-free 9 x 9 image, reach 3.
        var mask = Enumerable.Repeat(Clear, 81).ToArray();
        for (var y = 0; y < 9; y++) mask[y * 9 + 4] = Shadow;

        Assert.Equal(clearedRows, LoneShadowFilter.Apply(mask, 9, 9, reachPixels: 3, sunAzimuthDeg: azimuth));

        var kept = Enumerable.Range(0, 9).Where(y => mask[y * 9 + 4] == Shadow).ToArray();
        var expected = azimuth switch { 180.0 => [6, 7, 8], 90.0 => [], _ => new[] { 0, 1, 2 } };
        Assert.Equal(expected, kept);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(9)]
    [InlineData(36)] // spans the raster: the shortcut path
    [InlineData(40)]
    public void Matches_a_brute_force_search_on_random_masks(int reach)
    {
        var random = new Random(reach + 17);
        const int width = 37, height = 23;
        var mask = new byte[width * height];
        // Clouds and shadows in proportions around the area rule's limit, so windows fall either side.
        for (var i = 0; i < mask.Length; i++)
            mask[i] = random.NextDouble() switch { < 0.06 => Cloud, < 0.09 => Thin, < 0.45 => Shadow, < 0.5 => Missing, _ => Clear };
        var expected = (byte[])mask.Clone();
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                if (expected[y * width + x] != Shadow) continue;
                // Within reach of an edge the caster could be outside the image: kept.
                if (x < reach || y < reach || width - 1 - x < reach || height - 1 - y < reach) continue;
                int clouds = 0, shadows = 0;
                for (var v = y - reach; v <= y + reach; v++)
                    for (var u = x - reach; u <= x + reach; u++)
                    {
                        clouds += mask[v * width + u] is Cloud or Thin ? 1 : 0;
                        shadows += mask[v * width + u] is Shadow ? 1 : 0;
                    }
                if (shadows > 4 * clouds) expected[y * width + x] = Clear;
            }

        var before = (byte[])mask.Clone();
        var changed = LoneShadowFilter.Apply(mask, width, height, reach);

        Assert.Equal(expected, mask);
        Assert.Equal(before.Zip(expected).Count(p => p.First != p.Second), changed);
    }

    [Fact]
    public void Reach_is_a_12_km_cloud_top_times_the_tangent_of_the_sun_zenith()
    {
        Assert.Equal(12_000, LoneShadowFilter.ReachM(45), 6);
        Assert.Equal(12_000 * Math.Sqrt(3), LoneShadowFilter.ReachM(60), 6);
        Assert.Equal(LoneShadowFilter.ReachM(80), LoneShadowFilter.ReachM(89)); // capped
        Assert.Equal(1_000, LoneShadowFilter.ReachM(0)); // overhead sun: still a little slack
        Assert.Equal(LoneShadowFilter.DefaultReachM, LoneShadowFilter.ReachM(null));
    }

    [Fact]
    public void Pixel_size_comes_from_a_georeferenced_grid_else_the_bands_else_10_m()
    {
        var landsat = SensorBands.Landsat8Oli.Take(3).ToList();
        Assert.Equal(30, LoneShadowFilter.PixelSizeM(new ArraySource(landsat, 4, 4, Planes(3, 16))));
        var unnamed = landsat.Select(b => b with { NativeResolutionM = null }).ToList();
        Assert.Equal(10, LoneShadowFilter.PixelSizeM(new ArraySource(unnamed, 4, 4, Planes(3, 16))));
        Assert.Equal(400, LoneShadowFilter.ReachPixels(new ArraySource(landsat, 4, 4, Planes(3, 16)), sunZenithDeg: 45)); // 12 km / 30 m
    }

    [Fact]
    public void Predict_clears_shadows_beyond_reach_counts_them_in_the_summary_and_keeps_them_when_asked()
    {
        using var dir = new TempFolder();
        // 1 km pixels, so the default 20 km reach is 20 pixels; with no sun angle, rows 20-39 are
        // the ones whose caster cannot be outside. Band 1 codes the class the model answers:
        // cloud in columns 0-4, shadow in columns 10-14 (within reach) and 60-69 (beyond).
        const int width = 100, height = 60;
        var red = new float[width * height];
        for (var i = 0; i < red.Length; i++)
            red[i] = (i % width) switch { < 5 => 0.9f, >= 10 and < 15 => 0.3f, >= 60 and < 70 => 0.3f, _ => 0.1f };
        var input = dir.File("scene.tif");
        using (var r = new InMemoryRaster(width, height, 1, RasterDataType.Float32)
               { GeoTransform = new GeoTransform(500_000, 1000, 0, 5_000_000, 0, -1000), Crs = Crs.FromEpsg(32633) })
        {
            r.SetDescription(1, "B04");
            r.Write<float>(1, red);
            r.SaveAs(input, RasterFormat.GeoTiff);
        }
        var info = new ModelInfo("by-value", "1", "test model");

        var checkedOut = Directory.CreateDirectory(Path.Combine(dir.Path, "checked")).FullName;
        var outcome = new MaskJob(new ByValueModel(), info, new MaskJobOptions(checkedOut)).Run(input);
        Assert.True(outcome.Status == MaskJobStatus.Written, outcome.Message);
        var mask = ReadMask(Path.Combine(checkedOut, "scene.mask.tif"));
        Assert.All(Enumerable.Range(0, height), row =>
        {
            Assert.Equal(Shadow, mask[row * width + 12]);
            Assert.Equal(row is >= 20 and < 40 ? Clear : Shadow, mask[row * width + 65]);
        });
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(checkedOut, "scene.mask.json"))))
        {
            var check = json.RootElement.GetProperty("shadow_check");
            Assert.Equal(20, check.GetProperty("reach_pixels").GetInt32());
            Assert.Equal(10 * 20, check.GetProperty("shadow_pixels_cleared").GetInt64());
            Assert.Equal(100.0 * (15 * height - 200) / (width * height), json.RootElement.GetProperty("class_percent").GetProperty("cloud_shadow").GetDouble(), 4);
        }

        var keptOut = Directory.CreateDirectory(Path.Combine(dir.Path, "kept")).FullName;
        new MaskJob(new ByValueModel(), info, new MaskJobOptions(keptOut, KeepLoneShadows: true)).Run(input);
        Assert.Equal(Shadow, ReadMask(Path.Combine(keptOut, "scene.mask.tif"))[30 * width + 65]);
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(keptOut, "scene.mask.json"))))
            Assert.False(json.RootElement.TryGetProperty("shadow_check", out _));
    }

    private static float[][] Planes(int count, int pixels) => Enumerable.Range(0, count).Select(_ => new float[pixels]).ToArray();

    private static byte[] ReadMask(string path)
    {
        using var dataset = RasterDataset.Open(path);
        return dataset.Band(1).Read<byte>();
    }

    /// <summary>Answers by the first band's value: above 0.8 cloud, 0.2-0.8 shadow, else clear.</summary>
    private sealed class ByValueModel : ISegmentationModel
    {
        public string Id => "by-value";
        public int ContextPixels => 0;
        public string? CheckBands(IReadOnlyList<SpectralBand> bands) => null;

        public void Predict(SpectralTile tile, Span<float> probabilities)
        {
            var n = tile.Width * tile.Height;
            probabilities[..(4 * n)].Clear();
            for (var i = 0; i < n; i++)
            {
                var v = tile.Planes[0][i];
                var c = v > 0.8f ? (int)MaskClass.Cloud : v > 0.2f ? (int)MaskClass.CloudShadow : (int)MaskClass.Clear;
                probabilities[(c - 1) * n + i] = 1;
            }
        }
    }
}
