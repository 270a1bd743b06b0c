using CloudMask.Simulation.Atmosphere;
using CloudMask.Simulation.Scenes;
using CloudMask.Simulation.Sensors;
using static CloudMask.Simulation.Tests.SceneAssertions;

namespace CloudMask.Simulation.Tests;

/// <summary>
/// The "veil" regime: a translucent low water sheet over most of the scene. Real Sentinel-2 under
/// such a sheet (eo-learn reference 1) is the clear scene of the same place plus a nearly flat
/// +0.07 in every band from B01 to B12, with B10 only 0.005; the simulated veil must look alike.
/// </summary>
public class VeilTests
{
    private static readonly SimulatedSensor S2 = SimulatedSensor.Sentinel2Msi;
    private static readonly RenderWindow Window = RenderWindow.Whole(160, 160, 10);

    [Fact]
    public void DrawnVeilsAreLowTranslucentSheetsOnly()
    {
        for (int seed = 0; seed < 50; seed++)
        {
            var clouds = SceneSpecFactory.Draw(seed, 1600, regime: "veil").Clouds;
            Assert.Equal(0, clouds.CumulusCover);
            Assert.Equal(0, clouds.CirrusCover);
            Assert.InRange(clouds.StratusCover, 0.6, 1.0);
            Assert.InRange(clouds.StratusMaxTau, 1.0, 8.0);
            Assert.False(clouds.GlaciatedLowLayer);
            Assert.InRange(clouds.LowCloudHeightM, 900, 3500);
        }
    }

    [Fact]
    public void OneSceneInAboutSixteenIsAVeil()
    {
        int veils = Enumerable.Range(0, 2000).Count(seed =>
        {
            var c = SceneSpecFactory.Draw(seed, 1600).Clouds;
            return c.CumulusCover == 0 && c.CirrusCover == 0 && c.StratusCover >= 0.6 && c.StratusMaxTau <= 8;
        });
        Assert.InRange(veils, 2000 * 0.04, 2000 * 0.08);
    }

    [Fact]
    public void AVeilAddsANearlyFlatSignalAndLeavesB10Dark()
    {
        // Find a drawn forest veil that covers the window, then render the same scene without it.
        var spec = Enumerable.Range(0, 40).Select(seed => SceneSpecFactory.Draw(seed, 1600, SceneKind.Forest, "veil", partialTileChance: 0))
            .First(s => s.Clouds.StratusMaxTau > 1.5 && s.Clouds.StratusMaxTau < 4);
        var veiled = new SceneRenderer(spec, S2).Render(Window);
        var clear = new SceneRenderer(spec with { Clouds = CloudRecipe.Clear }, S2).Render(Window);
        var thin = Pixels(veiled, i => veiled.Labels[i] == LabelCodes.SemiTransparent).ToArray();
        Assert.True(thin.Length > Window.Width * Window.Height / 2, $"only {thin.Length} thin-cloud pixels under seed {spec.Seed}'s veil");

        double Increment(string band) => thin.Average(i => Band(veiled, S2, band)[i] - Band(clear, S2, band)[i]);
        var increments = new[] { "B02", "B03", "B04", "B08", "B8A", "B11" }.Select(b => (Band: b, Value: Increment(b))).ToArray();
        var text = string.Join(", ", increments.Select(x => $"{x.Band} {x.Value:F3}"));
        Assert.All(increments, x => Assert.True(x.Value > 0.02, $"a veil adds too little: {text}"));
        Assert.True(increments.Max(x => x.Value) < 2 * increments.Min(x => x.Value), $"not flat enough: {text}");
        // Real: B10 0.005 against +0.07 in the visible. A water sheet 0.9-3.5 km up lies under most of
        // the water vapour, which absorbs nearly all of its signal at 1.38 um.
        double b10 = thin.Average(i => Band(veiled, S2, "B10")[i]);
        Assert.True(b10 < 0.25 * Increment("B02"), $"B10 {b10:F4} under a veil {spec.Clouds.LowCloudHeightM:F0} m up: {text}");
    }
}
