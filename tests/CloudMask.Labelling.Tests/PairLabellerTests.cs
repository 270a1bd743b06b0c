using CloudMask.Labelling;
using CloudMask.Masking.Classes;
using CloudMask.Raster.Spectral;
using CloudMask.Simulation.Chips;
using CloudMask.Simulation.Scenes;
using CloudMask.Simulation.Sensors;

namespace CloudMask.Labelling.Tests;

public class PairLabellerTests
{
    internal static readonly SpectralBand[] Bands =
    [
        new("B02", 0.492, 0.066), new("B03", 0.560, 0.036), new("B04", 0.665, 0.031), new("B08", 0.833, 0.106),
        new("B10", 1.374, 0.031), new("B11", 1.614, 0.091),
    ];

    // Vegetation: dark visible, bright NIR, mid SWIR, nothing at 1.375 um.
    private static readonly float[] Ground = [0.04f, 0.07f, 0.05f, 0.30f, 0.001f, 0.18f];
    private const int Size = 64;

    /// <summary>A clear image of vegetation with a little noise, and a cloudy one with a thick cloud, its shadow
    /// 20 px down and right, a snow patch (bright visible, dark SWIR) and a thin veil (a small, even brightening).</summary>
    internal static (float[][] Cloudy, float[][] Clear) Scene(bool snow = true, float groundChange = 1f)
    {
        var random = new Random(3);
        var clear = Ground.Select(g => Enumerable.Range(0, Size * Size).Select(_ => g * (1 + 0.02f * (float)(random.NextDouble() - 0.5))).ToArray()).ToArray();
        var cloudy = clear.Select(p => p.Select(v => v * groundChange).ToArray()).ToArray();
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                var i = y * Size + x;
                if (In(y, x, 5, 5)) { float[] add = [0.40f, 0.40f, 0.40f, 0.35f, 0f, 0.22f]; for (var b = 0; b < 6; b++) cloudy[b][i] += add[b]; }
                else if (In(y, x, 25, 25)) for (var b = 0; b < 6; b++) cloudy[b][i] *= 0.4f;
                else if (snow && In(y, x, 45, 5)) { float[] s = [0.80f, 0.78f, 0.75f, 0.70f, 0.001f, 0.05f]; for (var b = 0; b < 6; b++) cloudy[b][i] = s[b]; }
                else if (In(y, x, 45, 44)) { float[] add = [0.06f, 0.06f, 0.06f, 0.05f, 0f, 0.04f]; for (var b = 0; b < 6; b++) cloudy[b][i] += add[b]; }
            }
        return (cloudy, clear);

        static bool In(int y, int x, int top, int left) => y >= top && y < top + 16 && x >= left && x < left + 16;
    }

    private static byte At(PairLabels labels, int y, int x) => labels.Codes[y * Size + x];

    [Fact]
    public void Cloud_its_shadow_thin_cloud_and_unchanged_ground_are_labelled_and_snow_is_left_undefined()
    {
        var (cloudy, clear) = Scene();
        var labels = PairLabeller.Label(new PairImages(Size, Size, Bands, b => cloudy[b], b => clear[b]));
        Assert.Equal((byte)MaskClass.Cloud, At(labels, 12, 12));
        Assert.Equal((byte)MaskClass.CloudShadow, At(labels, 32, 32));
        Assert.Equal((byte)MaskClass.SemiTransparentCloud, At(labels, 52, 52));
        Assert.Equal((byte)MaskClass.Undefined, At(labels, 52, 12)); // snow: brighter, but darker at 1.6 um
        Assert.Equal((byte)MaskClass.Clear, At(labels, 5, 50));
        Assert.Equal((byte)MaskClass.Undefined, At(labels, 12, 22)); // next to the cloud's edge: left undefined
        Assert.Equal((20, 20), labels.ShadowOffset);
    }

    [Fact]
    public void Without_swir_and_cirrus_bands_the_visible_and_nir_still_label_cloud_shadow_and_clear()
    {
        var (cloudy, clear) = Scene(snow: false);
        int[] keep = [0, 1, 2, 3];
        var labels = PairLabeller.Label(new PairImages(Size, Size, keep.Select(b => Bands[b]).ToArray(), b => cloudy[keep[b]], b => clear[keep[b]]));
        Assert.Equal((byte)MaskClass.Cloud, At(labels, 12, 12));
        Assert.Equal((byte)MaskClass.CloudShadow, At(labels, 32, 32));
        Assert.Equal((byte)MaskClass.Clear, At(labels, 5, 50));
    }

    [Fact]
    public void Ground_darkened_everywhere_is_not_taken_for_shadow()
    {
        // Rain or tillage between the dates: the whole scene is 45 % darker; only the cloud stands out.
        var (cloudy, clear) = Scene(snow: false, groundChange: 0.55f);
        var labels = PairLabeller.Label(new PairImages(Size, Size, Bands, b => cloudy[b], b => clear[b]));
        Assert.Null(labels.ShadowOffset);
        Assert.DoesNotContain((byte)MaskClass.CloudShadow, labels.Codes);
        Assert.DoesNotContain((byte)MaskClass.Clear, labels.Codes); // nothing is unchanged
        Assert.Equal((byte)MaskClass.Cloud, At(labels, 12, 12));
    }

    [Fact]
    public void A_pair_without_a_nir_band_is_refused()
    {
        var (cloudy, clear) = Scene();
        var error = Assert.Throws<ArgumentException>(() => new PairImages(Size, Size, Bands[..3], b => cloudy[b], b => clear[b]));
        Assert.Contains("no nir band", error.Message);
    }

    [Fact]
    public void On_simulated_pairs_the_derived_cloud_and_clear_labels_are_mostly_right()
    {
        // The truth of a simulated pair is the cloudy chip's labels; `cloudmask labels check` prints the full table.
        long[,] counts = new long[6, 6];
        var sensor = SimulatedSensor.Sentinel2Msi;
        var bands = sensor.Bands.Select(b => new SpectralBand(b.Name, b.CentralWavelengthUm, b.FwhmUm, b.ResolutionM)).ToArray();
        for (var seed = 950000; seed < 950008; seed++)
        {
            var (cloudyChip, clearChip) = ChipGenerator.GeneratePair(new ChipRequest(seed, 128, sensor, RadiometricLevel.TopOfAtmosphere));
            var labels = PairLabeller.Label(new PairImages(128, 128, bands, b => cloudyChip.Raster.Bands[b], b => clearChip.Raster.Bands[b]));
            for (var i = 0; i < labels.Codes.Length; i++) counts[cloudyChip.Raster.Labels[i], labels.Codes[i]]++;
        }
        double Precision(MaskClass c)
        {
            long right = counts[(int)c, (int)c], all = 0;
            for (var t = 1; t <= 4; t++) all += counts[t, (int)c];
            return all == 0 ? 1 : (double)right / all;
        }
        Assert.True(Precision(MaskClass.Cloud) > 0.85, $"cloud precision {Precision(MaskClass.Cloud):P1}");
        Assert.True(Precision(MaskClass.Clear) > 0.9, $"clear precision {Precision(MaskClass.Clear):P1}");
        Assert.True(counts[(int)MaskClass.Cloud, (int)MaskClass.Clear] == 0, "thick cloud labelled clear");
    }
}
