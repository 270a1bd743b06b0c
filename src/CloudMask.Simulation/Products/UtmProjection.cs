namespace CloudMask.Simulation.Products;

/// <summary>
/// Inverse transverse Mercator on WGS84 (Snyder, Map Projections - A Working Manual, eq. 8-18
/// to 8-25), enough to write the product footprint in latitude/longitude. Accurate to well
/// under a metre within a UTM zone.
/// </summary>
internal static class UtmProjection
{
    private const double A = 6378137.0, F = 1 / 298.257223563, K0 = 0.9996;

    public static (double LatitudeDeg, double LongitudeDeg) ToGeographic(double easting, double northing, int zone, bool north)
    {
        double e2 = F * (2 - F), ep2 = e2 / (1 - e2);
        double x = easting - 500000, y = north ? northing : northing - 10000000;
        double m = y / K0;
        double mu = m / (A * (1 - e2 / 4 - 3 * e2 * e2 / 64 - 5 * e2 * e2 * e2 / 256));
        double e1 = (1 - Math.Sqrt(1 - e2)) / (1 + Math.Sqrt(1 - e2));
        double phi1 = mu + (3 * e1 / 2 - 27 * Math.Pow(e1, 3) / 32) * Math.Sin(2 * mu)
                      + (21 * e1 * e1 / 16 - 55 * Math.Pow(e1, 4) / 32) * Math.Sin(4 * mu)
                      + 151 * Math.Pow(e1, 3) / 96 * Math.Sin(6 * mu)
                      + 1097 * Math.Pow(e1, 4) / 512 * Math.Sin(8 * mu);
        double sin = Math.Sin(phi1), cos = Math.Cos(phi1), tan = Math.Tan(phi1);
        double c1 = ep2 * cos * cos, t1 = tan * tan;
        double n1 = A / Math.Sqrt(1 - e2 * sin * sin);
        double r1 = A * (1 - e2) / Math.Pow(1 - e2 * sin * sin, 1.5);
        double d = x / (n1 * K0);
        double lat = phi1 - n1 * tan / r1 * (d * d / 2 - (5 + 3 * t1 + 10 * c1 - 4 * c1 * c1 - 9 * ep2) * Math.Pow(d, 4) / 24
                     + (61 + 90 * t1 + 298 * c1 + 45 * t1 * t1 - 252 * ep2 - 3 * c1 * c1) * Math.Pow(d, 6) / 720);
        double lon = (d - (1 + 2 * t1 + c1) * Math.Pow(d, 3) / 6
                      + (5 - 2 * c1 + 28 * t1 - 3 * c1 * c1 + 8 * ep2 + 24 * t1 * t1) * Math.Pow(d, 5) / 120) / cos;
        double centralMeridian = (zone - 1) * 6 - 180 + 3;
        return (lat * 180 / Math.PI, centralMeridian + lon * 180 / Math.PI);
    }
}
