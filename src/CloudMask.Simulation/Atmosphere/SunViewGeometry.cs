namespace CloudMask.Simulation.Atmosphere;

/// <summary>
/// Sun and viewing angles of a scene (degrees; azimuths clockwise from north, as in MTD_TL.xml).
/// Gives the horizontal displacements that put a cloud's shadow and its image where they belong.
/// Image axes: x to the east (columns), y to the south (rows).
/// </summary>
public sealed record SunViewGeometry(double SunZenithDeg, double SunAzimuthDeg, double ViewZenithDeg, double ViewAzimuthDeg)
{
    public double CosSun => Math.Cos(SunZenithDeg * Math.PI / 180);
    public double CosView => Math.Cos(ViewZenithDeg * Math.PI / 180);

    /// <summary>
    /// Cosine of the scattering angle between the incoming sunlight and the light leaving towards
    /// the sensor (both azimuths point from the ground to the sun or sensor): 180 degrees is pure
    /// backscatter, a summer sun seen from near nadir gives 140-160, a winter sun 105-130.
    /// </summary>
    public double CosScatteringAngle
    {
        get
        {
            double s = SunZenithDeg * Math.PI / 180, v = ViewZenithDeg * Math.PI / 180;
            double relativeAzimuth = (SunAzimuthDeg - ViewAzimuthDeg) * Math.PI / 180;
            return -Math.Cos(s) * Math.Cos(v) - Math.Sin(s) * Math.Sin(v) * Math.Cos(relativeAzimuth);
        }
    }

    /// <summary>Air mass of the sun-to-ground-to-sensor path: 1/cos(sza) + 1/cos(vza).</summary>
    public double AirMass => 1 / CosSun + 1 / CosView;

    /// <summary>
    /// Offset (metres, image axes) from a ground point to the point under the cloud that shades it:
    /// walk towards the sun by height * tan(sza). The shadow therefore lies on the far side of the
    /// cloud from the sun.
    /// </summary>
    public (double Dx, double Dy) TowardsSun(double heightM)
    {
        double d = heightM * Math.Tan(SunZenithDeg * Math.PI / 180);
        double az = SunAzimuthDeg * Math.PI / 180;
        return (d * Math.Sin(az), -d * Math.Cos(az));
    }

    /// <summary>
    /// Offset (metres, image axes) from where a cloud is seen to the point under it: a cloud at
    /// height h seen off-nadir appears displaced away from the sensor by h * tan(vza) (parallax),
    /// so the cloud's ground position lies that far back towards the sensor.
    /// </summary>
    public (double Dx, double Dy) TowardsSensor(double heightM)
    {
        double d = heightM * Math.Tan(ViewZenithDeg * Math.PI / 180);
        double az = ViewAzimuthDeg * Math.PI / 180;
        return (d * Math.Sin(az), -d * Math.Cos(az));
    }
}
