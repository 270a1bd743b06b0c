using CloudMask.Masking.Classes;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Tests;

public class TiledPredictorTests
{
    private static readonly SpectralBand Red = SensorBands.Find("B04")!;

    /// <summary>Per pixel: the class is the quarter of 0..1 the red value falls in.</summary>
    private sealed class QuarterModel : ISegmentationModel
    {
        public string Id => "quarters";
        public int ContextPixels => 0;
        public string? CheckBands(IReadOnlyList<SpectralBand> bands) => null;

        public void Predict(SpectralTile tile, Span<float> probabilities)
        {
            var n = tile.Width * tile.Height;
            probabilities[..(4 * n)].Clear();
            for (var i = 0; i < n; i++) probabilities[Quarter(tile.Planes[0][i]) * n + i] = 1;
        }

        public static int Quarter(float v) => Math.Clamp((int)(v * 4), 0, 3);
    }

    /// <summary>Spatial context: thresholds the 7x7 mean of red, padding tile edges by replication,
    /// so a tile's border pixels are less reliable than its inside - as with a real CNN.</summary>
    private sealed class BoxMeanModel : ISegmentationModel
    {
        public string Id => "box-mean";
        public int ContextPixels => 3;
        public string? CheckBands(IReadOnlyList<SpectralBand> bands) => null;

        public void Predict(SpectralTile tile, Span<float> probabilities)
        {
            int w = tile.Width, h = tile.Height, n = w * h;
            var red = tile.Planes[0];
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    double s = 0;
                    for (var dy = -3; dy <= 3; dy++)
                        for (var dx = -3; dx <= 3; dx++)
                            s += red[Math.Clamp(y + dy, 0, h - 1) * w + Math.Clamp(x + dx, 0, w - 1)];
                    var mean = (float)(s / 49);
                    // Soft probabilities, as a network gives: cloud rises with the mean.
                    var p = 1 / (1 + MathF.Exp(-(mean - 0.5f) * 20));
                    probabilities[y * w + x] = 1 - p;
                    probabilities[n + y * w + x] = 0;
                    probabilities[2 * n + y * w + x] = 0;
                    probabilities[3 * n + y * w + x] = p;
                }
        }
    }

    [Theory]
    [InlineData(1000, 512, 64, new[] { 0, 448, 488 })]
    [InlineData(100, 512, 64, new[] { 0 })]
    [InlineData(512, 512, 64, new[] { 0 })]
    [InlineData(513, 512, 0, new[] { 0, 1 })]
    public void Tiles_cover_any_length_and_the_last_is_flush_with_the_end(int length, int tile, int overlap, int[] expected) =>
        Assert.Equal(expected, TileGrid.Starts(length, tile, overlap));

    [Fact]
    public void Blend_weights_are_positive_ramp_at_inner_edges_only()
    {
        var first = BlendWeights.Along(0, 100, 300, 10);
        Assert.Equal(1f, first[0]);              // raster border: no neighbour, full weight
        Assert.True(first[99] < 0.05f && first[99] > 0);
        var inner = BlendWeights.Along(90, 100, 300, 10);
        Assert.True(inner[0] < 0.05f && inner[0] > 0);
        Assert.Equal(1f, inner[50]);
        Assert.All(inner, w => Assert.True(w > 0));
    }

    [Fact]
    public void Per_pixel_model_gives_the_same_mask_tiled_as_pixel_by_pixel()
    {
        const int w = 150, h = 97;
        var red = ArraySource.Field(w, h, 0.3);
        var source = new ArraySource([Red], w, h, [red]);
        var result = new TiledPredictor(new QuarterModel(), new TilingOptions(32, 8)).Predict(source);
        for (var i = 0; i < w * h; i++) Assert.Equal(1 + QuarterModel.Quarter(red[i]), result.Mask[i]);
    }

    [Fact]
    public void No_seams_context_model_tiled_matches_the_whole_scene_run()
    {
        const int w = 300, h = 260;
        var red = ArraySource.Field(w, h, 1.1);
        var whole = new TiledPredictor(new BoxMeanModel(), new TilingOptions(512, 0)).Predict(new ArraySource([Red], w, h, [red]));
        var tiled = new TiledPredictor(new BoxMeanModel(), new TilingOptions(64, 24)).Predict(new ArraySource([Red], w, h, [red]));

        // Class changes between horizontal neighbours that sit on a tile border column.
        var borders = TileGrid.Starts(w, 64, 24).Skip(1).SelectMany(s => new[] { s, s + 64 - 24 }).Where(c => c > 0 && c < w).Distinct().ToList();
        int Changes(byte[] mask) => borders.Sum(c => Enumerable.Range(0, h).Count(y => mask[y * w + c] != mask[y * w + c - 1]));
        Assert.True(Changes(tiled.Mask) <= Changes(whole.Mask), $"tiled run has {Changes(tiled.Mask)} class changes on tile borders, whole run {Changes(whole.Mask)}");
        var differing = Enumerable.Range(0, w * h).Count(i => whole.Mask[i] != tiled.Mask[i]);
        Assert.True(differing <= w * h / 1000, $"{differing} pixels differ between the tiled and the whole-scene run");
    }

    [Fact]
    public void Without_blending_overlap_the_seams_show()
    {
        // The counter-test: proves the seam test above can fail.
        const int w = 300, h = 260;
        var red = ArraySource.Field(w, h, 1.1);
        var whole = new TiledPredictor(new BoxMeanModel(), new TilingOptions(512, 0)).Predict(new ArraySource([Red], w, h, [red]));
        var hard = new TiledPredictor(new EdgeBlindModel(), new TilingOptions(64, 0)).Predict(new ArraySource([Red], w, h, [red]));
        Assert.True(Enumerable.Range(0, w * h).Count(i => whole.Mask[i] != hard.Mask[i]) > 0);
    }

    /// <summary>The box-mean model claiming no context: tiles then do not overlap and edges differ.</summary>
    private sealed class EdgeBlindModel : ISegmentationModel
    {
        private readonly BoxMeanModel _inner = new();
        public string Id => "edge-blind";
        public int ContextPixels => 0;
        public string? CheckBands(IReadOnlyList<SpectralBand> bands) => null;
        public void Predict(SpectralTile tile, Span<float> probabilities) => _inner.Predict(tile, probabilities);
    }

    [Fact]
    public void Nodata_pixels_become_missing_and_are_not_counted()
    {
        const int w = 40, h = 30;
        var red = ArraySource.Field(w, h, 0.7);
        for (var i = 0; i < w * 5; i++) red[i] = float.NaN; // top five rows: outside the swath
        var result = new TiledPredictor(new QuarterModel(), new TilingOptions(16, 4)).Predict(new ArraySource([Red], w, h, [red]), PredictionOutputs.Probabilities | PredictionOutputs.Uncertainty);
        Assert.All(result.Mask[..(w * 5)], v => Assert.Equal((byte)MaskClass.Missing, v));
        Assert.All(result.Mask[(w * 5)..], v => Assert.InRange(v, (byte)1, (byte)4));
        Assert.Equal(w * (h - 5), result.ValidPixels);
        Assert.Equal(100.0 * 25 / 30, result.ValidPercent, 9);
        Assert.Equal(255, result.Probabilities![result.Mask[w * 10] - 1][w * 10]);
        Assert.All(result.Uncertainty![(w * 5)..], v => Assert.Equal(0, v)); // a one-hot model is never unsure
    }

    /// <summary>Counts how many Predict calls run at the same time (answers as the box-mean model).</summary>
    private sealed class ConcurrencyProbe : ISegmentationModel
    {
        private readonly BoxMeanModel _inner = new();
        private int _running;
        public int MostAtOnce;
        public string Id => "probe";
        public int ContextPixels => 3;
        public string? CheckBands(IReadOnlyList<SpectralBand> bands) => null;

        public void Predict(SpectralTile tile, Span<float> probabilities)
        {
            var now = Interlocked.Increment(ref _running);
            InterlockedMax(ref MostAtOnce, now);
            // Until two calls have overlapped once, wait for a second worker (a busy test run's
            // thread pool may take a while to start one); never longer than a few seconds.
            SpinWait.SpinUntil(() => Volatile.Read(ref MostAtOnce) > 1, TimeSpan.FromSeconds(5));
            _inner.Predict(tile, probabilities);
            Interlocked.Decrement(ref _running);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
        }
    }

    [Fact]
    public void Tiles_predicted_at_once_give_exactly_the_one_at_a_time_mask_and_probabilities()
    {
        const int w = 300, h = 200;
        var red = ArraySource.Field(w, h, 2.3);
        var outputs = PredictionOutputs.Probabilities | PredictionOutputs.Uncertainty;
        var single = new TiledPredictor(new BoxMeanModel(), new TilingOptions(64, 16, Workers: 1)).Predict(new ArraySource([Red], w, h, [red]), outputs);
        var probe = new ConcurrencyProbe();
        var parallel = new TiledPredictor(probe, new TilingOptions(64, 16, Workers: 3)).Predict(new ArraySource([Red], w, h, [red]), outputs);

        Assert.True(probe.MostAtOnce > 1, $"tiles never ran at the same time (most at once: {probe.MostAtOnce})");
        Assert.InRange(probe.MostAtOnce, 2, 3);
        Assert.Equal(single.Mask, parallel.Mask);
        for (var c = 0; c < 4; c++) Assert.Equal(single.Probabilities![c], parallel.Probabilities![c]);
        Assert.Equal(single.Uncertainty, parallel.Uncertainty);
    }

    private sealed class FailingModel : ISegmentationModel
    {
        public string Id => "failing";
        public int ContextPixels => 0;
        public string? CheckBands(IReadOnlyList<SpectralBand> bands) => null;
        public void Predict(SpectralTile tile, Span<float> probabilities) => throw new InvalidDataException("tile unreadable");
    }

    [Fact]
    public void A_model_error_in_a_parallel_tile_surfaces_as_itself()
    {
        var source = new ArraySource([Red], 100, 40, [ArraySource.Field(100, 40, 0.5)]);
        var e = Assert.Throws<InvalidDataException>(() => new TiledPredictor(new FailingModel(), new TilingOptions(32, 8, Workers: 2)).Predict(source));
        Assert.Equal("tile unreadable", e.Message);
    }

    [Theory]
    [InlineData(0, 2, 2, 1)]   // automatic: one tile per thread
    [InlineData(0, 16, 4, 4)]  // automatic stops at MaxAutomaticWorkers; the threads are shared out
    [InlineData(1, 8, 1, 8)]   // one tile at a time on all threads
    [InlineData(3, 2, 3, 1)]   // asked for more tiles than threads: each gets one
    public void Workers_share_the_compute_threads(int asked, int threads, int workers, int threadsEach) =>
        Assert.Equal((workers, threadsEach), new TilingOptions(Workers: asked).Split(threads));

    [Fact]
    public void A_narrow_scene_gets_fewer_workers_with_more_threads_each() =>
        Assert.Equal((2, 8), new TilingOptions().Split(computeThreads: 16, tiles: 2));

    [Fact]
    public void Negative_workers_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TiledPredictor(new QuarterModel(), new TilingOptions(Workers: -1)));

    [Fact]
    public void Model_missing_bands_is_refused_with_the_path()
    {
        var source = new ArraySource([Red], 4, 4, [new float[16]]);
        var e = Assert.Throws<CloudMask.Raster.RasterContentException>(() => new TiledPredictor(new HollsteinDecisionTree()).Predict(source));
        Assert.Contains("B10", e.Message);
    }
}

public class UncertaintyTests
{
    [Fact]
    public void Entropy_is_zero_for_a_certain_pixel_and_full_for_a_uniform_one()
    {
        Assert.Equal(0, Uncertainty.ScaledEntropy([0, 1, 0, 0]));
        Assert.Equal(255, Uncertainty.ScaledEntropy([0.25f, 0.25f, 0.25f, 0.25f]));
        // Two classes at one half: ln 2 / ln 4 = 0.5 of the scale.
        Assert.Equal(128, Uncertainty.ScaledEntropy([0.5f, 0.5f, 0, 0]));
    }
}
