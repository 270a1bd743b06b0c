using CloudMask.Simulation.Atmosphere;
using CloudMask.Simulation.Scenes;
using CloudMask.Simulation.Sensors;
using static CloudMask.Simulation.Tests.SceneAssertions;

namespace CloudMask.Simulation.Tests;

/// <summary>Where clouds, shadows and no-data fall, and that rendering is a pure function of spec and window.</summary>
public class SceneGeometryTests
{
    private static readonly SimulatedSensor S2 = SimulatedSensor.Sentinel2Msi;

    [Fact]
    public void ShadowsLieAwayFromTheSunByHeightTimesTanZenith()
    {
        // Sun in the south-east (azimuth 135), 50 degrees from zenith, nadir view: shadows fall to the north-west.
        var geometry = new SunViewGeometry(50, 135, 0, 0);
        var clouds = new CloudRecipe(0.2, 0, 0, CumulusMaxTau: 40, LowCloudHeightM: 1500);
        var spec = SceneSpec.ClearSky(21, SceneKind.Agriculture) with { Clouds = clouds, Geometry = geometry };
        var raster = new SceneRenderer(spec, S2).Render(RenderWindow.Whole(400, 400, 20));

        // Find the shift that best maps cloud pixels onto shadow pixels.
        var (dx, dy) = BestShift(raster, LabelCodes.Cloud, LabelCodes.Shadow, maxShift: 150, step: 3);
        // Expected: 1500 m * tan(50 deg) = 1788 m = 89 px at 20 m, split equally west and north (heights vary +-25 %).
        Assert.True(dx < 0 && dy < 0, $"best shadow shift ({dx}, {dy}) px is not towards the north-west");
        Assert.InRange(Math.Abs(dx - dy), 0, 20);
        Assert.InRange(Math.Sqrt(dx * dx + dy * dy), 65, 115);
    }

    [Fact]
    public void ShadowsAreDarkButKeepSkyLight()
    {
        var spec = SceneSpec.ClearSky(22, SceneKind.Forest) with { Clouds = new CloudRecipe(0.25, 0, 0) };
        var raster = new SceneRenderer(spec, S2).Render(RenderWindow.Whole(300, 300, 10));
        var nir = Band(raster, S2, "B08");
        var shadow = Pixels(raster, i => raster.Labels[i] == LabelCodes.Shadow && raster.Cover[i] == Surface.LandCover.Forest).Select(i => (double)nir[i]).ToArray();
        var lit = ClearPixelsOf(raster, Surface.LandCover.Forest).Select(i => (double)nir[i]).ToArray();
        Assert.True(shadow.Length > 200 && lit.Length > 200, $"shadow {shadow.Length}, lit {lit.Length}");
        Assert.True(shadow.Average() < 0.6 * lit.Average(), $"shadow NIR {shadow.Average():F3} vs lit {lit.Average():F3}");
        Assert.True(shadow.Average() > 0.03, "shadows keep the diffuse sky light");
    }

    [Fact]
    public void LabelsFollowTheDocumentedOpticalThicknessThresholds()
    {
        var spec = SceneSpec.ClearSky(23, SceneKind.Mixed) with { Clouds = new CloudRecipe(0.3, 0.2, 0.4) };
        var raster = new SceneRenderer(spec, S2).Render(RenderWindow.Whole(200, 200, 10));
        for (int i = 0; i < raster.Labels.Length; i++)
        {
            float tau = raster.CloudTau[i];
            switch (raster.Labels[i])
            {
                case LabelCodes.Cloud: Assert.True(tau >= LabelRules.ThickCloudTau); break;
                case LabelCodes.SemiTransparent: Assert.InRange(tau, LabelRules.ThinCloudTau, LabelRules.ThickCloudTau); break;
                default: Assert.True(tau < LabelRules.ThinCloudTau); break;
            }
        }
        var fractions = raster.LabelFractions();
        Assert.All(new[] { LabelCodes.Clear, LabelCodes.SemiTransparent, LabelCodes.Cloud }, c => Assert.True(fractions[c] > 0.01, $"class {c} missing"));
    }

    [Fact]
    public void SwathEdgeLeavesNoDataWithLabelZero()
    {
        var spec = SceneSpec.ClearSky(24, SceneKind.Agriculture) with { Swath = new SwathEdge(90, 1000) };
        var raster = new SceneRenderer(spec, S2).Render(RenderWindow.Whole(200, 50, 10));
        for (int row = 0; row < 50; row++)
        for (int col = 0; col < 200; col++)
        {
            int i = row * 200 + col;
            bool beyond = (col + 0.5) * 10 >= 1000;
            Assert.Equal(beyond ? LabelCodes.Missing : LabelCodes.Clear, raster.Labels[i]);
            if (beyond) Assert.All(raster.Bands, band => Assert.Equal(0f, band[i]));
            else Assert.All(raster.Bands, band => Assert.True(band[i] > 0f));
        }
    }

    [Fact]
    public void RenderingIsDeterministicAndStripsMatchTheWholeWindow()
    {
        var spec = SceneSpecFactory.Draw(25, 1280, SceneKind.Coast, "mixed");
        var window = RenderWindow.Whole(128, 96, 10);
        var whole = new SceneRenderer(spec, S2).Render(window);
        var again = new SceneRenderer(spec, S2).Render(window, parallel: false);
        var top = new SceneRenderer(spec, S2).Render(window.Rows(0, 40));
        var bottom = new SceneRenderer(spec, S2).Render(window.Rows(40, 56));

        for (int b = 0; b < whole.Bands.Length; b++)
        {
            Assert.Equal(whole.Bands[b], again.Bands[b]);
            Assert.Equal(whole.Bands[b], top.Bands[b].Concat(bottom.Bands[b]));
        }
        Assert.Equal(whole.Labels, top.Labels.Concat(bottom.Labels));
    }

    [Fact]
    public void DifferentSeedsGiveDifferentScenes()
    {
        var a = SceneSpecFactory.Draw(100, 5120);
        var b = SceneSpecFactory.Draw(101, 5120);
        Assert.NotEqual(a.Geometry, b.Geometry);
        Assert.Equal(a, SceneSpecFactory.Draw(100, 5120));
    }

    /// <summary>The pixel shift (on a coarse grid) under which most <paramref name="from"/> pixels land on <paramref name="to"/> pixels.</summary>
    private static (int Dx, int Dy) BestShift(SceneRaster raster, byte from, byte to, int maxShift, int step)
    {
        var sources = Enumerable.Range(0, raster.Labels.Length).Where(i => i % 3 == 0 && raster.Labels[i] == from).ToArray();
        Assert.True(sources.Length > 100, $"only {sources.Length} pixels of class {from}");
        (int, int) best = (0, 0);
        int bestScore = -1;
        for (int dy = -maxShift; dy <= maxShift; dy += step)
        for (int dx = -maxShift; dx <= maxShift; dx += step)
        {
            int score = 0;
            foreach (var i in sources)
            {
                int x = i % raster.Width + dx, y = i / raster.Width + dy;
                if (x >= 0 && y >= 0 && x < raster.Width && y < raster.Height && raster.Labels[y * raster.Width + x] == to) score++;
            }
            if (score > bestScore) (bestScore, best) = (score, (dx, dy));
        }
        return best;
    }
}
