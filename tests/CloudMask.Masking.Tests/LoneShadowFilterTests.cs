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
        // 7 x 5, reach 2. Cloud at (1,1), thin cloud at (6,4). Chebyshev distances by hand:
        // (3,3) is 2 from the cloud: stays; (4,1) is 3 from the cloud, 3 from the thin: cleared;
        // (4,3) is 3 from the cloud but 2 from the thin: stays; (0,4) is 3 from the cloud: cleared.
        byte[] mask =
        [
            Clear, Clear, Clear, Clear, Clear, Clear, Missing,
            Clear, Cloud, Clear, Clear, Shadow, Clear, Clear,
            Clear, Clear, Clear, Clear, Clear, Clear, Clear,
            Clear, Clear, Clear, Shadow, Shadow, Clear, Clear,
            Shadow, Clear, Clear, Clear, Clear, Clear, Thin,
        ];
        var changed = LoneShadowFilter.Apply(mask, 7, 5, reachPixels: 2);

        Assert.Equal(2, changed);
        Assert.Equal(Clear, mask[1 * 7 + 5]);
        Assert.Equal(Clear, mask[4 * 7 + 0]);
        Assert.Equal(Shadow, mask[3 * 7 + 3]);
        Assert.Equal(Shadow, mask[3 * 7 + 4]);
        Assert.Equal(Missing, mask[6]);
        Assert.Equal(Cloud, mask[1 * 7 + 1]);
    }

    [Fact]
    public void Without_any_cloud_every_shadow_is_cleared()
    {
        byte[] mask = [Shadow, Clear, Shadow, Missing, Shadow, Shadow];
        Assert.Equal(4, LoneShadowFilter.Apply(mask, 3, 2, reachPixels: 1000));
        Assert.Equal([Clear, Clear, Clear, Missing, Clear, Clear], mask);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(9)]
    public void Matches_a_brute_force_search_on_random_masks(int reach)
    {
        var random = new Random(reach + 17);
        const int width = 37, height = 23;
        var mask = new byte[width * height];
        // Sparse clouds, many shadows: most shadows sit near the edge of a cloud's reach.
        for (var i = 0; i < mask.Length; i++)
            mask[i] = random.NextDouble() switch { < 0.01 => Cloud, < 0.02 => Thin, < 0.4 => Shadow, < 0.45 => Missing, _ => Clear };
        var expected = (byte[])mask.Clone();
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                if (expected[y * width + x] != Shadow) continue;
                var near = false;
                for (var v = Math.Max(0, y - reach); v <= Math.Min(height - 1, y + reach) && !near; v++)
                    for (var u = Math.Max(0, x - reach); u <= Math.Min(width - 1, x + reach) && !near; u++)
                        near = mask[v * width + u] is Cloud or Thin;
                if (!near) expected[y * width + x] = Clear;
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
        // 1 km pixels, so the default 20 km reach is 20 pixels. Band 1 codes the class the model
        // answers: cloud in columns 0-4, shadow in columns 10-14 (within reach) and 60-69 (beyond).
        const int width = 100, height = 8;
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
            Assert.Equal(Clear, mask[row * width + 65]);
        });
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(checkedOut, "scene.mask.json"))))
        {
            var check = json.RootElement.GetProperty("shadow_check");
            Assert.Equal(20, check.GetProperty("reach_pixels").GetInt32());
            Assert.Equal(10 * height, check.GetProperty("shadow_pixels_cleared").GetInt64());
            Assert.Equal(100.0 * 5 * height / (width * height), json.RootElement.GetProperty("class_percent").GetProperty("cloud_shadow").GetDouble(), 6);
        }

        var keptOut = Directory.CreateDirectory(Path.Combine(dir.Path, "kept")).FullName;
        new MaskJob(new ByValueModel(), info, new MaskJobOptions(keptOut, KeepLoneShadows: true)).Run(input);
        Assert.Equal(Shadow, ReadMask(Path.Combine(keptOut, "scene.mask.tif"))[65]);
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
