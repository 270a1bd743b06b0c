using System.Globalization;
using CloudMask.Sentinel2.Layout;

namespace CloudMask.Simulation.Products;

/// <summary>
/// The names and numbers that tie a product's files together: product name, SAFE layout,
/// datastrip and granule identifiers, orbits, and the times written into the metadata.
/// </summary>
internal sealed class ProductIdentity
{
    public const string Spacecraft = "2A";
    public const string ProcessingCentre = "SIMU";

    public ProductIdentity(ProductRequest request)
    {
        Request = request;
        Baseline = request.ResolvedBaseline;
        Sensing = request.ResolvedSensing;
        Generation = Sensing.AddHours(2).AddMinutes(13).AddSeconds(17);
        GranuleSensing = Sensing.AddSeconds(3);
        RelativeOrbit = 1 + Math.Abs(request.Seed) % 143;
        AbsoluteOrbit = 30000 + Math.Abs(request.Seed) % 10000;
        Name = new ProductName(Spacecraft, request.Level, Sensing, Baseline, RelativeOrbit, request.Tile, Generation);
        Layout = new SafeLayout(Name, AbsoluteOrbit, GranuleSensing);
    }

    public ProductRequest Request { get; }
    public ProcessingBaseline Baseline { get; }
    public DateTime Sensing { get; }
    public DateTime Generation { get; }
    public DateTime GranuleSensing { get; }
    public int RelativeOrbit { get; }
    public int AbsoluteOrbit { get; }
    public ProductName Name { get; }
    public SafeLayout Layout { get; }

    public string LevelCode => Request.Level.Code();
    public string BaselineSuffix => "N" + Baseline;

    public string DatastripId =>
        $"S{Spacecraft}_OPER_MSI_{LevelCode}_DS_{ProcessingCentre}_{Stamp(Generation)}_S{Stamp(GranuleSensing)}_{BaselineSuffix}";

    public string GranuleId =>
        $"S{Spacecraft}_OPER_MSI_{LevelCode}_TL_{ProcessingCentre}_{Stamp(Generation)}_A{AbsoluteOrbit:000000}_T{Request.Tile}_{BaselineSuffix}";

    /// <summary>The identifier of the L1C tile an L2A product was made from.</summary>
    public string L1CGranuleId => GranuleId.Replace("_MSI_L2A_", "_MSI_L1C_", StringComparison.Ordinal);

    public string DatatakeId => $"GS{Spacecraft}_{Stamp(Sensing)}_{AbsoluteOrbit:000000}_{BaselineSuffix}";

    public string DatastripFolder => $"DATASTRIP/DS_{ProcessingCentre}_{Stamp(Generation)}_S{Stamp(GranuleSensing)}";

    public static string Stamp(DateTime t) => t.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    public static string IsoTime(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
