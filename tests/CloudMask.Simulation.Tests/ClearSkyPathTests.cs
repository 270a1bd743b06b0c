using CloudMask.Simulation.Atmosphere;

namespace CloudMask.Simulation.Tests;

/// <summary>
/// The light the clear air itself sends to the sensor (path reflectance). The optically thin
/// formula tau P / (4 mu_s mu_v) grows as 1 / cos(sun zenith); at a winter sun it made the
/// simulated blue air 2.5 times as bright as at a summer sun, and the shipped model called a
/// third of low-sun winter land thin cloud. Light dimmed on its way through the layer and the
/// Rayleigh phase at a winter scattering angle (0.8-0.9 instead of 1.3) keep it far lower.
/// </summary>
public class ClearSkyPathTests
{
    private static readonly SunViewGeometry Summer = new(30, 150, 3, 105);
    private static readonly SunViewGeometry Winter = new(70, 160, 3, 105);

    [Fact]
    public void NadirViewScattersAtOneEightyMinusTheSunZenith()
    {
        var nadir = new SunViewGeometry(40, 150, 0, 0);
        Assert.Equal(Math.Cos(140 * Math.PI / 180), nadir.CosScatteringAngle, 9);
        // Sensor in the sun's direction, as high as the sun: pure backscatter.
        Assert.Equal(-1, new SunViewGeometry(10, 120, 10, 120).CosScatteringAngle, 9);
        // Sensor opposite the sun at the same zenith: 180 - 2 * 10 degrees.
        Assert.Equal(Math.Cos(160 * Math.PI / 180), new SunViewGeometry(10, 120, 10, 300).CosScatteringAngle, 9);
    }

    [Theory]
    [InlineData(0.443, 0.05)]
    [InlineData(0.49, 0.15)]
    [InlineData(0.665, 0.05)]
    public void ALowSunBrightensTheAirFarLessThanOneOverCosineOfTheSunZenith(double wavelengthUm, double aot)
    {
        double summer = new ClearSkyOptics(wavelengthUm, Summer).PathReflectance(aot);
        double winter = new ClearSkyOptics(wavelengthUm, Winter).PathReflectance(aot);
        double thinLimitRatio = Summer.CosSun / Winter.CosSun;  // 2.53
        Assert.True(winter > 1.1 * summer, $"winter path {winter:F3} is not above summer {summer:F3}");
        Assert.True(winter < 0.7 * thinLimitRatio * summer,
            $"winter path {winter:F3} is {winter / summer:F2} x summer {summer:F3}; the thin limit alone gives {thinLimitRatio:F2}");
    }

    [Fact]
    public void TheSingleScatteringShareFallsFromOneAsTheSlantDepthGrows()
    {
        Assert.Equal(1, ClearSkyOptics.SingleScatteringShare(0), 9);
        Assert.Equal(1 - Math.Exp(-1), ClearSkyOptics.SingleScatteringShare(1), 9);
        Assert.True(ClearSkyOptics.SingleScatteringShare(3) < ClearSkyOptics.SingleScatteringShare(1));
    }

    [Fact]
    public void BlueAirAtASummerSunMatchesARealClearSceneWithinPoint02()
    {
        // eo-learn reference 3 (real S2 L1C, Slovenia, summer, clear vegetation): B01 0.111 at the
        // top of the atmosphere, of which dark vegetation gives about 0.02-0.03 after transmittance.
        double b01 = new ClearSkyOptics(0.443, Summer).PathReflectance(0.12);
        Assert.InRange(b01, 0.111 - 0.03 - 0.02, 0.111 - 0.02 + 0.02);
    }
}
