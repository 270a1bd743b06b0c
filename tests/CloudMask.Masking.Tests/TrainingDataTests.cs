using CloudMask.Masking.Data;
using CloudMask.Raster.Spectral;
using CloudMask.TestSupport;

namespace CloudMask.Masking.Tests;

public class TrainingDataTests
{
    private static readonly SpectralBand[] S2 = SensorBands.Sentinel2Msi.ToArray();

    [Fact]
    public void Augmented_pixels_keep_their_labels()
    {
        // Every band holds the label code itself: after any flip or rotation the input and the
        // target of each pixel must still agree (target = code - 1; 0 and 5 ignored).
        const int size = 12;
        var random = new Random(7);
        var labels = Enumerable.Range(0, size * size).Select(_ => (byte)random.Next(0, 6)).ToArray();
        var planes = Enumerable.Range(0, 3).Select(_ => labels.Select(l => (float)l).ToArray()).ToArray();
        var sample = new LabelledSample("codes", S2[1..4], size, size, planes, labels);
        var augmentation = new Augmentation { BrightnessJitter = 0, HazeChance = 0, ResolutionChangeChance = 0 };
        for (var trial = 0; trial < 20; trial++)
        {
            var input = new float[3 * 8 * 8];
            var targets = new int[8 * 8];
            augmentation.Apply(sample, [0, 1, 2], 8, random, randomWindow: true, input, targets);
            for (var i = 0; i < targets.Length; i++)
                Assert.Equal(TrainingBatch.TargetOf((byte)input[i]), targets[i]);
        }
    }

    [Fact]
    public void Random_band_subsets_have_at_least_three_reflective_bands_and_vary()
    {
        var selector = new RandomBandSubsets();
        var random = new Random(1);
        var bands = S2.Append(new SpectralBand("WVP", 0, 0)).ToArray();
        var counts = new HashSet<int>();
        for (var i = 0; i < 200; i++)
        {
            var chosen = selector.ForTraining(bands, random)!;
            Assert.InRange(chosen.Length, 3, 13);
            Assert.DoesNotContain(13, chosen); // WVP is not a reflective band
            Assert.Equal(chosen.Length, chosen.Distinct().Count());
            counts.Add(chosen.Length);
        }
        Assert.True(counts.Count >= 6, "subset sizes should vary");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Common_band_sets_get_their_share_of_training_draws(double share)
    {
        var selector = new RandomBandSubsets(share);
        var random = new Random(4);
        // The ten 10/20 m bands without B01, B09 and B10, in any order: only the s2-10 common set
        // gives them (a random subset of 10 of 13 bands does with chance 1/286).
        var s2Ten = new HashSet<string> { "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12" };
        const int draws = 8000;
        var common = 0;
        var tenBand = 0;
        var all = 0;
        for (var i = 0; i < draws; i++)
        {
            var names = selector.ForTraining(S2, random)!.Select(b => S2[b].Name).ToHashSet();
            if (names.Count == 13) all++;
            if (names.SetEquals(s2Ten)) tenBand++;
            if (names.SetEquals(["B02", "B03", "B04"]) || names.SetEquals(["B02", "B03", "B04", "B08"]) || names.SetEquals(["B02", "B03", "B04", "B08", "B11", "B12"]) || names.SetEquals(s2Ten))
                common++;
        }
        // Half the remaining draws take all bands; random subsets add about 1/11 of theirs at 13 bands.
        Assert.InRange(tenBand / (double)draws, share / 4 - 0.02, share / 4 + 0.02);
        Assert.InRange(common / (double)draws, share - 0.03, share + 0.03);
        var expectedAll = (1 - share) / 2 * (1 + 1.0 / 11);
        Assert.InRange(all / (double)draws, expectedAll - 0.03, expectedAll + 0.03);
    }

    [Fact]
    public void The_common_band_set_share_can_go_to_one_set_alone()
    {
        var selector = new RandomBandSubsets(0.2, ["s2-10"]);
        var random = new Random(5);
        var s2Ten = new HashSet<string> { "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12" };
        const int draws = 8000;
        int tenBand = 0, rgb = 0;
        for (var i = 0; i < draws; i++)
        {
            var names = selector.ForTraining(S2, random)!.Select(b => S2[b].Name).ToHashSet();
            if (names.SetEquals(s2Ten)) tenBand++;
            if (names.SetEquals(["B02", "B03", "B04"])) rgb++;
        }
        Assert.InRange(tenBand / (double)draws, 0.18, 0.22); // the whole 20 %, not a quarter of it
        Assert.InRange(rgb / (double)draws, 0, 0.01); // RGB only by chance among random subsets (1 in 286 of them)
        Assert.Equal(5, selector.ValidationTurns); // validation still scores every common set
        Assert.Throws<ArgumentException>(() => new RandomBandSubsets(0.2, ["rgb", "cirrus"]));
    }

    [Fact]
    public void Common_band_set_share_outside_zero_to_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomBandSubsets(1.5));

    [Fact]
    public void Every_turn_validation_scores_each_sample_with_each_distinct_band_set_sharing_its_weight()
    {
        LabelledSample Sample(IReadOnlyList<SpectralBand> bands) => new("s", bands, 8, 8,
            bands.Select(_ => new float[64]).ToArray(), Enumerable.Repeat((byte)1, 64).ToArray());
        var selector = new RandomBandSubsets();
        var s2 = BatchSampler.ValidationBatches([Sample(S2)], selector, 8, weight: 0.6, everyTurn: true);
        Assert.Equal([13, 3, 4, 6, 10], s2.Select(b => b.Bands.Count));
        Assert.Equal(0.6, s2.Sum(b => b.Weight), 9);
        // Landsat 8 has no red edge: its "S2 10 bands" turn falls back to all bands, already scored once.
        var oli = BatchSampler.ValidationBatches([Sample(SensorBands.Landsat8Oli)], selector, 8, everyTurn: true);
        Assert.Equal(4, oli.Count);
        Assert.Equal(4, oli.Select(b => string.Join(',', b.Bands.Select(x => x.Name))).Distinct().Count());
        // Without everyTurn, one batch per sample, band sets taken in turn from sample to sample.
        var inTurn = BatchSampler.ValidationBatches([Sample(S2), Sample(S2)], selector, 8);
        Assert.Equal([13, 3], inTurn.Select(b => b.Bands.Count));
    }

    [Fact]
    public void Validation_takes_all_bands_then_rgb_rgbn_rgbn_swir_and_s2_10_in_turn()
    {
        var selector = new RandomBandSubsets();
        var bands = S2.Append(new SpectralBand("WVP", 0, 0)).ToArray();
        string[] Names(int ordinal) => selector.ForValidation(bands, ordinal)!.Select(i => bands[i].Name).ToArray();
        Assert.Equal(13, Names(0).Length);
        Assert.DoesNotContain("WVP", Names(0));
        Assert.Equal(["B02", "B03", "B04"], Names(1));
        Assert.Equal(["B02", "B03", "B04", "B08"], Names(2));
        Assert.Equal(["B02", "B03", "B04", "B08", "B11", "B12"], Names(3));
        Assert.Equal(["B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12"], Names(4));
        Assert.Equal(Names(0), Names(5));
        Assert.Null(selector.ForValidation(bands.Take(2).ToArray(), 0)); // fewer than three reflective bands
    }

    [Fact]
    public void Split_is_seeded_and_disjoint()
    {
        var source = new FixedSource(20);
        var a = DataSplit.Of(source, 0.2, 3);
        var b = DataSplit.Of(source, 0.2, 3);
        Assert.Equal(a.Validation, b.Validation);
        Assert.Equal(4, a.Validation.Count);
        Assert.Empty(a.Train.Intersect(a.Validation));
        Assert.Equal(20, a.Train.Count + a.Validation.Count);
    }

    [SkippableFact]
    public void Chip_folder_holds_out_whole_biomes()
    {
        var folder = SharedData.RequireFolder("chips-dev");
        var all = new ChipFolderSource(folder);
        var kept = new ChipFolderSource(folder, exclude: ["biome_Urban_*", "biome_Water_*"]);
        Assert.Equal(all.Count - 6, kept.Count);
        Assert.DoesNotContain(kept.Names, n => n.StartsWith("biome_Urban_") || n.StartsWith("biome_Water_"));
        var sample = kept.Load(0);
        Assert.True(sample.Bands.Count >= 6);
        Assert.All(sample.Bands, b => Assert.True(b.CentralWavelengthUm > 0.4));
        Assert.Contains(sample.Labels, l => l is >= 1 and <= 4);
    }

    private sealed class FixedSource(int count) : ISampleSource
    {
        public string Description => "fixed";
        public int Count => count;
        public LabelledSample Load(int index) => throw new NotSupportedException();
    }
}
