using System.Xml;
using System.Xml.Linq;
using CloudMask.Sentinel2.Layout;

namespace CloudMask.Sentinel2.Metadata;

/// <summary>Zenith and azimuth in degrees.</summary>
public readonly record struct Angles(double ZenithDeg, double AzimuthDeg);

/// <summary>Upper-left corner and pixel size of the tile grid at one resolution (Tile_Geocoding/Geoposition).</summary>
public readonly record struct TileGrid(int ResolutionM, double UlX, double UlY, double XDim, double YDim, int Rows, int Columns);

/// <summary>
/// What GRANULE/*/MTD_TL.xml says: the tile's CRS and grids, the mean sun angles and the mean viewing
/// angles per band, and the granule's own cloud and nodata percentages.
/// </summary>
public sealed record GranuleMetadata
{
    public required string SourcePath { get; init; }

    /// <summary>TILE_ID, e.g. S2A_OPER_MSI_L1C_TL_VGS4_20210908T070248_A032448_T46RER_N03.01.</summary>
    public string? TileId { get; init; }
    public DateTime? SensingTime { get; init; }

    /// <summary>EPSG code of the UTM zone (HORIZONTAL_CS_CODE), e.g. 32633.</summary>
    public int? Epsg { get; init; }
    public string? CrsName { get; init; }

    /// <summary>Grids by resolution (10, 20, 60).</summary>
    public required IReadOnlyDictionary<int, TileGrid> Grids { get; init; }

    /// <summary>Mean_Sun_Angle.</summary>
    public Angles? Sun { get; init; }

    /// <summary>Mean_Viewing_Incidence_Angle by band name.</summary>
    public required IReadOnlyDictionary<string, Angles> MeanViewing { get; init; }

    /// <summary>CLOUDY_PIXEL_PERCENTAGE of the granule.</summary>
    public double? CloudyPixelPercent { get; init; }

    /// <summary>NODATA_PIXEL_PERCENTAGE: high values mean a partial tile at the swath edge.</summary>
    public double? NoDataPixelPercent { get; init; }

    /// <summary>
    /// Mean of the per-band mean viewing angles (what most tools report as "the" view angle). The
    /// azimuth is a circular mean: near nadir the band azimuths scatter around the compass (2 and 190 deg).
    /// </summary>
    public Angles? MeanViewingAllBands
    {
        get
        {
            if (MeanViewing.Count == 0) return null;
            var sin = MeanViewing.Values.Average(a => Math.Sin(a.AzimuthDeg * Math.PI / 180));
            var cos = MeanViewing.Values.Average(a => Math.Cos(a.AzimuthDeg * Math.PI / 180));
            var azimuth = Math.Atan2(sin, cos) * 180 / Math.PI;
            return new Angles(MeanViewing.Values.Average(a => a.ZenithDeg), azimuth < 0 ? azimuth + 360 : azimuth);
        }
    }

    public static GranuleMetadata Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, path);
    }

    /// <exception cref="ProductException">the XML is malformed or not tile metadata.</exception>
    public static GranuleMetadata Parse(Stream xml, string sourcePath)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Load(xml);
        }
        catch (XmlException e)
        {
            throw new ProductException(ProductProblem.InvalidMetadata, sourcePath, $"is not well-formed XML ({e.Message})", e);
        }
        var root = doc.Root!;
        if (!root.Name.LocalName.Contains("Tile_ID", StringComparison.Ordinal))
            throw new ProductException(ProductProblem.InvalidMetadata, sourcePath, $"root element is <{root.Name.LocalName}>, not Level-1C/2A_Tile_ID; pass GRANULE/*/MTD_TL.xml");

        var grids = new Dictionary<int, TileGrid>();
        var sizes = root.All("Size").ToDictionary(e => int.Parse(e.Attr("resolution") ?? "0"), e => e);
        foreach (var g in root.All("Geoposition"))
        {
            if (!int.TryParse(g.Attr("resolution"), out var res)) continue;
            sizes.TryGetValue(res, out var size);
            grids[res] = new TileGrid(res,
                g.Number("ULX") ?? 0, g.Number("ULY") ?? 0, g.Number("XDIM") ?? res, g.Number("YDIM") ?? -res,
                (int)(size?.Number("NROWS") ?? 0), (int)(size?.Number("NCOLS") ?? 0));
        }

        var viewing = new Dictionary<string, Angles>(StringComparer.Ordinal);
        foreach (var v in root.All("Mean_Viewing_Incidence_Angle"))
        {
            if (int.TryParse(v.Attr("bandId"), out var id) && id is >= 0 and <= 12 && ReadAngles(v) is { } a)
                viewing[MsiBands.ById(id).Name] = a;
        }

        var code = root.Text("HORIZONTAL_CS_CODE");
        return new GranuleMetadata
        {
            SourcePath = sourcePath,
            TileId = root.Text("TILE_ID"),
            SensingTime = root.Time("SENSING_TIME"),
            Epsg = code is not null && code.StartsWith("EPSG:", StringComparison.OrdinalIgnoreCase) && int.TryParse(code[5..], out var epsg) ? epsg : null,
            CrsName = root.Text("HORIZONTAL_CS_NAME"),
            Grids = grids,
            Sun = root.First("Mean_Sun_Angle") is { } sun ? ReadAngles(sun) : null,
            MeanViewing = viewing,
            CloudyPixelPercent = root.Number("CLOUDY_PIXEL_PERCENTAGE"),
            NoDataPixelPercent = root.Number("NODATA_PIXEL_PERCENTAGE"),
        };
    }

    private static Angles? ReadAngles(XElement e)
    {
        var zenith = e.Elements().FirstOrDefault(x => x.Name.LocalName == "ZENITH_ANGLE");
        var azimuth = e.Elements().FirstOrDefault(x => x.Name.LocalName == "AZIMUTH_ANGLE");
        if (XmlLookup.ParseDouble(zenith?.Value) is not { } z || XmlLookup.ParseDouble(azimuth?.Value) is not { } a) return null;
        return new Angles(z, a);
    }
}
