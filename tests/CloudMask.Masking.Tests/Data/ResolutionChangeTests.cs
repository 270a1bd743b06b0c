using CloudMask.Masking.Data;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Tests.TrainingData;

public class ResolutionChangeTests
{
    private const int Size = 12;
    private static readonly SpectralBand[] Rgb = SensorBands.Sentinel2Msi.ToArray()[1..4];

    /// <summary>A 1-pixel checkerboard of 0.2 / 0.4 in every band; labels 1..4 by quadrant.</summary>
    private static LabelledSample Checkerboard(Func<int, int, bool>? noData = null)
    {
        var planes = Rgb.Select(_ => new float[Size * Size]).ToArray();
        var labels = new byte[Size * Size];
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                var i = y * Size + x;
                foreach (var p in planes) p[i] = noData?.Invoke(x, y) == true ? float.NaN : (x + y) % 2 == 0 ? 0.2f : 0.4f;
                labels[i] = (byte)(1 + (x < Size / 2 ? 0 : 1) + (y < Size / 2 ? 0 : 2));
            }
        return new LabelledSample("checkerboard", Rgb, Size, Size, planes, labels).Validated();
    }

    private static Augmentation Only(float chance, params int[] factors) => new()
    {
        FlipsAndRotations = false, BrightnessJitter = 0, HazeChance = 0, ResolutionChangeChance = chance, ResolutionFactors = factors,
    };

    private static (float[] Input, int[] Targets) Apply(Augmentation augmentation, LabelledSample sample, int seed)
    {
        var input = new float[3 * Size * Size];
        var targets = new int[Size * Size];
        augmentation.Apply(sample, [0, 1, 2], Size, new Random(seed), randomWindow: true, input, targets);
        return (input, targets);
    }

    [Fact]
    public void Halving_the_resolution_turns_a_checkerboard_into_its_mean()
    {
        var sample = Checkerboard();
        // Every 2x2 block of the checkerboard holds two 0.2 and two 0.4: the mean is 0.3 everywhere.
        var (smooth, _) = Apply(Only(1, 2), sample, 1);
        Assert.All(smooth, v => Assert.Equal(0.3f, v, 1e-6f));
        // Counter-check: without the change the checkerboard comes through as it was.
        var (sharp, _) = Apply(Only(0, 2), sample, 1);
        Assert.Equal(0.2f, sharp[0], 1e-6f);
        Assert.Equal(0.4f, sharp[1], 1e-6f);
    }

    [Fact]
    public void A_factor_of_three_leaves_only_the_block_imbalance()
    {
        // A 3x3 block of the checkerboard holds five of one value and four of the other:
        // means 2.6/9 = 0.2889 or 2.8/9 = 0.3111; interpolation stays between them.
        var (input, _) = Apply(Only(1, 3), Checkerboard(), 2);
        Assert.All(input, v => Assert.InRange(v, 0.2888f, 0.3112f));
    }

    [Fact]
    public void Labels_stay_where_they_were_under_flips_and_crops()
    {
        // The resolution draw comes after the crop and flip draws, so a seed gives the same
        // geometry with and without it: the targets must be identical.
        var sample = Checkerboard();
        var plain = new Augmentation { BrightnessJitter = 0, HazeChance = 0, ResolutionChangeChance = 0 };
        var degraded = plain with { ResolutionChangeChance = 1, ResolutionFactors = [2, 3, 6] };
        for (var seed = 0; seed < 12; seed++)
        {
            var (_, expected) = Apply(plain, sample, seed);
            var (input, targets) = Apply(degraded, sample, seed);
            Assert.Equal(expected, targets);
            Assert.NotEqual(0.2f, input[0]); // it did change the input
        }
    }

    [Fact]
    public void No_data_stays_no_data_and_does_not_darken_its_neighbours()
    {
        // The top-left 4x5 corner has no data.
        var sample = Checkerboard((x, y) => x < 4 && y < 5);
        var (input, targets) = Apply(Only(1, 3), sample, 3);
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                var i = y * Size + x;
                if (x < 4 && y < 5)
                {
                    Assert.Equal(TrainingBatch.Ignore, targets[i]);
                    for (var b = 0; b < 3; b++) Assert.Equal(0f, input[b * Size * Size + i]);
                }
                else
                {
                    Assert.Equal(sample.Labels[i] - 1, targets[i]);
                    // Averages of 0.2 and 0.4 only: a 0 from the no-data area would pull values below 0.2.
                    for (var b = 0; b < 3; b++) Assert.InRange(input[b * Size * Size + i], 0.2f, 0.4f);
                }
            }
    }

    [Fact]
    public void Validation_batches_are_not_degraded()
    {
        // Validation must measure the data as it is: the checkerboard survives, while the
        // training default does degrade some samples.
        var batches = BatchSampler.ValidationBatches([Checkerboard()], new NamedBandSelector(["B02", "B03", "B04"]), Size);
        var values = batches.Single().Input.Span.ToArray();
        Assert.Equal(Size * Size * 3 / 2, values.Count(v => v == 0.2f));
        Assert.Equal(Size * Size * 3 / 2, values.Count(v => v == 0.4f));
        var defaults = new Augmentation { FlipsAndRotations = false, BrightnessJitter = 0, HazeChance = 0 };
        var changed = Enumerable.Range(0, 40).Count(seed => Apply(defaults, Checkerboard(), seed).Input[0] != 0.2f);
        Assert.InRange(changed, 1, 20); // on by default, at a modest rate (0.2 of 40 draws)
    }
}
