using CloudMask.Simulation.Atmosphere;
using CloudMask.Simulation.Scenes;
using CloudMask.Simulation.Sensors;
using CloudMask.Simulation.Surface;
using static CloudMask.Simulation.Tests.SceneAssertions;

namespace CloudMask.Simulation.Tests;

/// <summary>
/// The simulated spectra must carry the features real cloud masks and indices rely on.
/// Scenes are small (160 x 160 px at 10 m) but each test checks hundreds of pixels.
/// </summary>
public class SpectraTests
{
    private static readonly SimulatedSensor S2 = SimulatedSensor.Sentinel2Msi;
    private static readonly RenderWindow Window = RenderWindow.Whole(160, 160, 10);

    private static SceneRaster Render(SceneSpec spec, RadiometricLevel level = RadiometricLevel.TopOfAtmosphere) =>
        new SceneRenderer(spec, S2, level).Render(Window);

    [Fact]
    public void ClearVegetationHasNdviAboveHalf()
    {
        var raster = Render(SceneSpec.ClearSky(11, SceneKind.Agriculture) with { Kind = SceneKind.Forest });
        var b4 = Band(raster, S2, "B04");
        var b8 = Band(raster, S2, "B08");
        var ndvi = ClearPixelsOf(raster, LandCover.Vegetation, LandCover.Crops, LandCover.Forest, LandCover.Conifer)
            .Select(i => NormalisedDifference(b8[i], b4[i])).ToArray();
        Assert.True(ndvi.Length > 1000, $"only {ndvi.Length} vegetation pixels");
        Assert.True(Percentile(ndvi, 0.05) > 0.5, $"5th percentile NDVI {Percentile(ndvi, 0.05):F3}");
    }

    [Fact]
    public void ConiferForestIsAsDarkAsRealNeedleLeafForest()
    {
        // A real clear Sentinel-2 scene (eo-learn reference 2) has dark forest at TOA B08 0.158,
        // B11 0.064, B12 0.028. With only broadleaf forest (B08 about 0.30) a model trained on the
        // simulator took it for forest in shadow.
        var raster = new SceneRenderer(SceneSpec.ClearSky(11, SceneKind.Forest) with { Geometry = new SunViewGeometry(35, 150, 5, 105) }, S2)
            .Render(RenderWindow.Whole(300, 300, 20));
        var conifer = ClearPixelsOf(raster, LandCover.Conifer).ToArray();
        var broadleaf = ClearPixelsOf(raster, LandCover.Forest).ToArray();
        Assert.True(conifer.Length > 1000 && broadleaf.Length > 1000, $"conifer {conifer.Length}, broadleaf {broadleaf.Length} px");
        double[] Values(int[] pixels, string band) => pixels.Select(i => (double)Band(raster, S2, band)[i]).ToArray();
        double[] nir = Values(conifer, "B08"), swir1 = Values(conifer, "B11");
        Assert.InRange(nir.Average(), 0.15, 0.21);
        Assert.InRange(swir1.Average(), 0.06, 0.09);
        Assert.InRange(Values(conifer, "B12").Average(), 0.024, 0.04);
        // The real values lie inside the simulated spread, not beyond its dark end.
        Assert.True(Percentile(nir, 0.1) < 0.165, $"10th percentile conifer B08 {Percentile(nir, 0.1):F3}");
        Assert.True(Percentile(swir1, 0.1) < 0.068, $"10th percentile conifer B11 {Percentile(swir1, 0.1):F3}");
        Assert.True(Values(broadleaf, "B08").Average() > 1.4 * nir.Average());
    }

    [Fact]
    public void WaterVapourDarkensB09AgainstB8A()
    {
        var raster = Render(SceneSpec.ClearSky(19, SceneKind.Forest));
        var b8a = Band(raster, S2, "B8A");
        var b9 = Band(raster, S2, "B09");
        var ratio = ClearPixelsOf(raster, LandCover.Forest, LandCover.Vegetation, LandCover.Crops).Select(i => (double)b9[i] / b8a[i]).ToArray();
        Assert.NotEmpty(ratio);
        // Real L1C over vegetation: B09 / B8A is about 0.3-0.4 (absorption at 0.94 um).
        Assert.InRange(ratio.Average(), 0.15, 0.6);
    }

    [Fact]
    public void ClearWaterIsDarkInTheNearInfrared()
    {
        // 60 m pixels: a 9.6 km window is sure to hold a coastline.
        var raster = new SceneRenderer(SceneSpec.ClearSky(12, SceneKind.Coast), S2).Render(RenderWindow.Whole(160, 160, 60));
        var b8 = Band(raster, S2, "B08");
        var nir = ClearPixelsOf(raster, LandCover.Water).Select(i => (double)b8[i]).ToArray();
        Assert.True(nir.Length > 500, $"only {nir.Length} water pixels");
        Assert.True(nir.Max() < 0.05, $"brightest water B08 {nir.Max():F4}");
    }

    [Fact]
    public void SnowHasNdsiAboveFourTenths()
    {
        var raster = Render(SceneSpec.ClearSky(13, SceneKind.Snow) with { Geometry = new SunViewGeometry(60, 160, 5, 105) });
        var b3 = Band(raster, S2, "B03");
        var b11 = Band(raster, S2, "B11");
        var ndsi = ClearPixelsOf(raster, LandCover.Snow, LandCover.Ice).Select(i => NormalisedDifference(b3[i], b11[i])).ToArray();
        Assert.True(ndsi.Length > 500, $"only {ndsi.Length} snow pixels");
        Assert.True(Percentile(ndsi, 0.05) > 0.4, $"5th percentile NDSI {Percentile(ndsi, 0.05):F3}");
    }

    [Fact]
    public void ThickCloudIsBrightInTheBlue()
    {
        var spec = SceneSpec.ClearSky(14, SceneKind.Forest) with { Clouds = new CloudRecipe(0.3, 0.4, 0) };
        var raster = Render(spec);
        var b2 = Band(raster, S2, "B02");
        var cloud = Pixels(raster, i => raster.Labels[i] == LabelCodes.Cloud).Select(i => (double)b2[i]).ToArray();
        Assert.True(cloud.Length > 1000, $"only {cloud.Length} cloud pixels");
        Assert.True(cloud.Min() > 0.3, $"darkest thick-cloud B02 {cloud.Min():F3}");
    }

    [Fact]
    public void CirrusShowsInB10WhileClearGroundDoesNot()
    {
        var spec = SceneSpec.ClearSky(15, SceneKind.Agriculture) with { Clouds = new CloudRecipe(0, 0, 0.6) };
        var raster = Render(spec);
        var b10 = Band(raster, S2, "B10");
        var cirrus = Pixels(raster, i => raster.CloudTau[i] >= LabelRules.ThinCloudTau).Select(i => (double)b10[i]).ToArray();
        var clear = Pixels(raster, i => raster.CloudTau[i] == 0).Select(i => (double)b10[i]).ToArray();
        Assert.True(cirrus.Length > 500 && clear.Length > 500, $"cirrus {cirrus.Length}, clear {clear.Length} pixels");
        Assert.True(cirrus.Min() > 0.01, $"faintest cirrus B10 {cirrus.Min():F4}");
        Assert.True(Percentile(clear, 0.95) < 0.005, $"clear-sky B10 95th percentile {Percentile(clear, 0.95):F4}");
    }

    [Fact]
    public void ThickWaterCloudDarkensIntoTheShortwaveInfrared()
    {
        var spec = SceneSpec.ClearSky(16, SceneKind.Forest) with { Clouds = new CloudRecipe(0, 0.8, 0, StratusMaxTau: 40) };
        var raster = Render(spec);
        var thick = Pixels(raster, i => raster.CloudTau[i] > 20).ToArray();
        Assert.NotEmpty(thick);
        double Mean(string band) => thick.Average(i => Band(raster, S2, band)[i]);
        Assert.True(Mean("B02") > Mean("B11") && Mean("B11") > Mean("B12"), $"B02 {Mean("B02"):F3} B11 {Mean("B11"):F3} B12 {Mean("B12"):F3}");
    }

    [Fact]
    public void ThickIceCloudIsSnowDarkInTheSwirButBrightInTheCirrusBand()
    {
        // The same sheet as water at 2 km and as ice at 9 km (an anvil): both white in the visible,
        // but ice absorbs at 1.6 um (B11 well under half of B04, as over snow) and, above the
        // water vapour, shows in B10, which a real snow field does not.
        SceneRaster Sheet(bool ice) => Render(SceneSpec.ClearSky(16, SceneKind.Forest) with
        {
            Clouds = new CloudRecipe(0, 0.8, 0, StratusMaxTau: 40, LowCloudHeightM: ice ? 9000 : 2000, GlaciatedLowLayer: ice),
        });
        var water = Sheet(ice: false);
        var ice = Sheet(ice: true);
        double Mean(SceneRaster raster, string band) => Pixels(raster, i => raster.CloudTau[i] > 20).Average(i => Band(raster, S2, band)[i]);
        Assert.True(Mean(ice, "B04") > 0.5, $"ice B04 {Mean(ice, "B04"):F3}");
        Assert.True(Mean(ice, "B11") < 0.4 * Mean(ice, "B04"), $"ice B11 {Mean(ice, "B11"):F3} vs B04 {Mean(ice, "B04"):F3}");
        Assert.True(Mean(water, "B11") > 0.6 * Mean(water, "B04"), $"water B11 {Mean(water, "B11"):F3} vs B04 {Mean(water, "B04"):F3}");
        Assert.True(Mean(ice, "B10") > 0.1 && Mean(ice, "B10") > 2 * Mean(water, "B10"), $"B10 ice {Mean(ice, "B10"):F3}, water {Mean(water, "B10"):F3}");
    }

    [Fact]
    public void BottomOfAtmosphereRecoversTheSurfaceOfClearPixels()
    {
        var spec = SceneSpec.ClearSky(17, SceneKind.Forest);
        var boa = new SceneRenderer(spec, SimulatedSensor.Sentinel2MsiL2A, RadiometricLevel.BottomOfAtmosphere, addNoise: false).Render(Window);
        var toa = new SceneRenderer(spec, S2, RadiometricLevel.TopOfAtmosphere, addNoise: false).Render(Window);
        var forest = ClearPixelsOf(boa, LandCover.Forest).ToArray();
        Assert.NotEmpty(forest);
        var boaBlue = Band(boa, SimulatedSensor.Sentinel2MsiL2A, "B02");
        var toaBlue = Band(toa, S2, "B02");
        // Path radiance dominates the blue over dark forest: TOA must be well above BOA, and BOA near the library value.
        Assert.True(forest.Average(i => toaBlue[i] - boaBlue[i]) > 0.03);
        Assert.InRange(forest.Average(i => boaBlue[i]), 0.015, 0.04);
        Assert.DoesNotContain("B10", SimulatedSensor.Sentinel2MsiL2A.Bands.Select(b => b.Name));
    }

    [Fact]
    public void BottomOfAtmosphereWaterVapourBandStaysBelowSaturationUnderThickCloud()
    {
        // The correction over a cloud uses the water vapour above the cloud top (as Sen2Cor's
        // per-pixel retrieval does); the full column would push B09 past saturation there.
        var l2a = SimulatedSensor.Sentinel2MsiL2A;
        var spec = SceneSpec.ClearSky(19, SceneKind.Agriculture) with { Clouds = new CloudRecipe(0, 0.8, 0, StratusMaxTau: 40) };
        var boa = new SceneRenderer(spec, l2a, RadiometricLevel.BottomOfAtmosphere, addNoise: false).Render(Window);
        var thick = Pixels(boa, i => boa.CloudTau[i] > 20).ToArray();
        Assert.NotEmpty(thick);
        var b09 = Band(boa, l2a, "B09");
        var b8a = Band(boa, l2a, "B8A");
        Assert.All(thick, i => Assert.InRange(b09[i], 0.2f, 1.2f));
        Assert.InRange(thick.Average(i => b09[i] / b8a[i]), 0.7, 1.3); // a white cloud stays white after correction
    }

    [Fact]
    public void LandsatCirrusBandSeesCirrus()
    {
        var l8 = SimulatedSensor.Landsat8Oli;
        var spec = SceneSpec.ClearSky(18, SceneKind.Desert) with { Clouds = new CloudRecipe(0, 0, 0.6) };
        var raster = new SceneRenderer(spec, l8).Render(RenderWindow.Whole(96, 96, 30));
        var b9 = Band(raster, l8, "OLI_B9");
        var cirrus = Pixels(raster, i => raster.CloudTau[i] >= LabelRules.ThinCloudTau).ToArray();
        Assert.NotEmpty(cirrus);
        Assert.True(cirrus.Min(i => b9[i]) > 0.01);
    }
}
