using CloudMask.Raster;

namespace CloudMask.Simulation.Products;

/// <summary>
/// Where the simulated tile lies: its UTM CRS, upper-left corner and size. Real MGRS tiles start
/// at easting 99960/199980/... and a northing ending in 40 or 20; the simulator uses the
/// customary 399960 / 5900040 for the first tile of a zone's band, which is plausible for any
/// northern tile (the exact MGRS position is not needed by anything that reads the product).
/// </summary>
public sealed record ProductGrid(int Epsg, double UpperLeftX, double UpperLeftY, int Size10m)
{
    public static ProductGrid For(ProductRequest request) =>
        new(request.Epsg, 399960, request.North ? 5900040 : 5000020, request.Size);

    /// <summary>Pixels per side at a resolution (10, 20, 60 m).</summary>
    public int SizeAt(int resolutionM) => Size10m * 10 / resolutionM;

    public GeoTransform TransformAt(int resolutionM) => new(UpperLeftX, resolutionM, 0, UpperLeftY, 0, -resolutionM);

    public double ExtentM => Size10m * 10.0;
}
