using System.Xml.Linq;
using CloudMask.Sentinel2.Layout;
using CloudMask.Simulation.Atmosphere;
using CloudMask.Simulation.Scenes;
using static CloudMask.Simulation.Products.Xml;

namespace CloudMask.Simulation.Products;

/// <summary>
/// GRANULE/*/MTD_TL.xml: tile identifiers, geocoding (CRS, sizes and upper-left corner at 10,
/// 20 and 60 m: GDAL's SENTINEL2 driver takes the georeferencing from here), sun and viewing
/// angle grids on ESA's 5 km grid, and quality indicators. The angles are those the scene was
/// simulated with, so shadows in the images agree with the metadata.
/// </summary>
internal static class TileMetadataXml
{
    private const int AngleStepM = 5000;

    public static XElement Build(ProductIdentity id, ProductGrid grid, SceneSpec spec, ProductStatistics stats)
    {
        bool l1c = id.Request.Level == ProductLevel.L1C;
        string level = l1c ? "1C" : "2A";
        var root = Root($"Level-{level}_Tile_ID", $"https://psd-14.sentinel2.eo.esa.int/PSD/S2_PDI_Level-{level}_Tile_Metadata.xsd");
        root.Add(
            Section(root, "General_Info", GeneralInfo(id, l1c)),
            Section(root, "Geometric_Info", Geocoding(grid, id.Request), Angles(grid, spec.Geometry)),
            Section(root, "Quality_Indicators_Info", A("metadataLevel", "Standard"), QualityIndicators(id, spec, stats, l1c)));
        return root;
    }

    private static IEnumerable<XElement> GeneralInfo(ProductIdentity id, bool l1c)
    {
        if (!l1c) yield return E("L1C_TILE_ID", A("metadataLevel", "Brief"), id.L1CGranuleId);
        yield return E("TILE_ID", A("metadataLevel", "Brief"), id.GranuleId);
        yield return E("DATASTRIP_ID", A("metadataLevel", "Standard"), id.DatastripId);
        yield return E("DOWNLINK_PRIORITY", A("metadataLevel", "Standard"), "NOMINAL");
        yield return E("SENSING_TIME", A("metadataLevel", "Standard"), ProductIdentity.IsoTime(id.GranuleSensing));
        yield return E("Archiving_Info", A("metadataLevel", "Expertise"),
            E("ARCHIVING_CENTRE", ProductIdentity.ProcessingCentre),
            E("ARCHIVING_TIME", ProductIdentity.IsoTime(id.Generation.AddMinutes(20))));
    }

    private static XElement Geocoding(ProductGrid grid, ProductRequest request)
    {
        var resolutions = MsiResolution.All;
        return E("Tile_Geocoding", A("metadataLevel", "Brief"),
            E("HORIZONTAL_CS_NAME", $"WGS84 / UTM zone {request.UtmZone}{(request.North ? "N" : "S")}"),
            E("HORIZONTAL_CS_CODE", $"EPSG:{grid.Epsg}"),
            resolutions.Select(r => E("Size", A("resolution", r), E("NROWS", grid.SizeAt(r)), E("NCOLS", grid.SizeAt(r)))),
            resolutions.Select(r => E("Geoposition", A("resolution", r),
                E("ULX", F(grid.UpperLeftX)), E("ULY", F(grid.UpperLeftY)), E("XDIM", r), E("YDIM", -r))));
    }

    private static XElement Angles(ProductGrid grid, SunViewGeometry geometry)
    {
        int nodes = (int)Math.Ceiling(grid.ExtentM / AngleStepM) + 1;
        return E("Tile_Angles", A("metadataLevel", "Standard"),
            E("Sun_Angles_Grid", AngleGrid(nodes, geometry.SunZenithDeg, geometry.SunAzimuthDeg, 0.004)),
            E("Mean_Sun_Angle", E("ZENITH_ANGLE", A("unit", "deg"), F(geometry.SunZenithDeg, "0.##########")),
                E("AZIMUTH_ANGLE", A("unit", "deg"), F(geometry.SunAzimuthDeg, "0.##########"))),
            MsiBands.All.Select(b => E("Viewing_Incidence_Angles_Grids", A("bandId", b.BandId), A("detectorId", 1),
                AngleGrid(nodes, geometry.ViewZenithDeg, geometry.ViewAzimuthDeg, 0.0))),
            E("Mean_Viewing_Incidence_Angle_List", MsiBands.All.Select(b => E("Mean_Viewing_Incidence_Angle", A("bandId", b.BandId),
                E("ZENITH_ANGLE", A("unit", "deg"), F(geometry.ViewZenithDeg, "0.##########")),
                E("AZIMUTH_ANGLE", A("unit", "deg"), F(geometry.ViewAzimuthDeg, "0.##########"))))));
    }

    /// <summary>Zenith and azimuth grids; the sun's zenith drifts slightly across the tile as in real products.</summary>
    private static IEnumerable<XElement> AngleGrid(int nodes, double zenith, double azimuth, double zenithDriftPerNode)
    {
        XElement Grid(string name, Func<int, int, double> value) => E(name,
            E("COL_STEP", A("unit", "m"), AngleStepM),
            E("ROW_STEP", A("unit", "m"), AngleStepM),
            E("Values_List", Enumerable.Range(0, nodes).Select(row =>
                E("VALUES", string.Join(' ', Enumerable.Range(0, nodes).Select(col => F(value(row, col), "0.####")))))));
        double centre = (nodes - 1) / 2.0;
        yield return Grid("Zenith", (row, col) => zenith + zenithDriftPerNode * ((row - centre) - (col - centre)));
        yield return Grid("Azimuth", (_, _) => azimuth);
    }

    private static IEnumerable<XElement> QualityIndicators(ProductIdentity id, SceneSpec spec, ProductStatistics stats, bool l1c)
    {
        if (l1c)
        {
            yield return E("Image_Content_QI", E("CLOUDY_PIXEL_PERCENTAGE", F(stats.CloudyPercent)), E("DEGRADED_MSI_DATA_PERCENTAGE", 0));
            yield break;
        }
        yield return ProductMetadataXml.ImageContent(stats, spec, includeCloudy: true);
        yield return E("Pixel_Level_QI", A("geometry", "FULL_RESOLUTION"),
            E("MASK_FILENAME", A("type", "MSK_CLDPRB"), id.Layout.LayerPath(L2ALayer.CLD, 20)),
            E("MASK_FILENAME", A("type", "MSK_SNWPRB"), id.Layout.LayerPath(L2ALayer.SNW, 20)));
    }
}
