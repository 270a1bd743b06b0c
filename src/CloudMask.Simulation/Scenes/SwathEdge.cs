namespace CloudMask.Simulation.Scenes;

/// <summary>
/// The edge of the sensor's swath crossing a scene: pixels beyond it have no data, as in
/// Sentinel-2 tiles at the border of an orbit (partial tiles). The edge is a straight line;
/// real swath edges run about 10 degrees off north-south on the tile grid.
/// </summary>
/// <param name="NormalAzimuthDeg">Direction (clockwise from north) pointing from the data into the no-data side.</param>
/// <param name="DistanceM">Distance of the edge from the scene origin (top-left corner) along that direction.</param>
public sealed record SwathEdge(double NormalAzimuthDeg, double DistanceM)
{
    public bool HasData(double x, double y)
    {
        double a = NormalAzimuthDeg * Math.PI / 180;
        return x * Math.Sin(a) - y * Math.Cos(a) < DistanceM;
    }
}
