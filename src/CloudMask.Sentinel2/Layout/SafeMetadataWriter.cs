using System.Globalization;
using System.Xml.Linq;

namespace CloudMask.Sentinel2.Layout;

/// <summary>
/// The metadata values a written product carries (for simulated products and test fixtures).
/// Defaults follow ESA: quantification 10000, offsets -1000 on every band from baseline 04.00.
/// </summary>
public sealed record SafeMetadataSpec
{
    public required SafeLayout Layout { get; init; }

    /// <summary>Tile width and height at 10 m (10980 for a full tile); must be divisible by 6.</summary>
    public int SizePixels10m { get; init; } = 10980;

    /// <summary>UTM EPSG code of the tile (32601-32660 north, 32701-32760 south).</summary>
    public int Epsg { get; init; } = 32632;
    public double UlX { get; init; } = 600000;
    public double UlY { get; init; } = 5100000;

    public double QuantificationValue { get; init; } = 10000;

    /// <summary>Per-band additive offsets; null = ESA's rule (-1000 from 04.00, none before).</summary>
    public IReadOnlyDictionary<string, double>? AddOffsets { get; init; }

    public double CloudCoverPercent { get; init; }
    public double SunZenithDeg { get; init; } = 45;
    public double SunAzimuthDeg { get; init; } = 160;
    public double ViewZenithDeg { get; init; } = 5;
    public double ViewAzimuthDeg { get; init; } = 100;

    /// <summary>The offsets the product will carry.</summary>
    public IReadOnlyDictionary<string, double> EffectiveOffsets =>
        AddOffsets ?? (Layout.Name.Baseline is { ExpectsRadiometricOffset: true }
            ? MsiBands.Of(Layout.Level).ToDictionary(b => b.Name, _ => -1000.0)
            : new Dictionary<string, double>());
}

/// <summary>
/// Writes MTD_MSIL1C.xml / MTD_MSIL2A.xml and GRANULE/*/MTD_TL.xml with the elements ESA products
/// have and readers use (this project's reader, GDAL's SENTINEL2 driver: it needs the IMAGE_FILE list).
/// </summary>
public static class SafeMetadataWriter
{
    private static readonly XNamespace L1CProduct = "https://psd-14.sentinel2.eo.esa.int/PSD/User_Product_Level-1C.xsd";
    private static readonly XNamespace L2AProduct = "https://psd-14.sentinel2.eo.esa.int/PSD/User_Product_Level-2A.xsd";
    private static readonly XNamespace L1CTile = "https://psd-14.sentinel2.eo.esa.int/PSD/S2_PDI_Level-1C_Tile_Metadata.xsd";
    private static readonly XNamespace L2ATile = "https://psd-14.sentinel2.eo.esa.int/PSD/S2_PDI_Level-2A_Tile_Metadata.xsd";

    /// <summary>Writes the product and granule metadata under <paramref name="safeFolder"/>, creating folders.</summary>
    public static void Write(string safeFolder, SafeMetadataSpec spec)
    {
        var layout = spec.Layout;
        Save(ProductDocument(spec), Path.Combine(safeFolder, layout.ProductMetadataPath));
        Save(GranuleDocument(spec), Path.Combine(safeFolder, layout.GranuleMetadataPath));
    }

    /// <summary>The product metadata document (MTD_MSIL1C.xml / MTD_MSIL2A.xml).</summary>
    public static XDocument ProductDocument(SafeMetadataSpec spec)
    {
        var layout = spec.Layout;
        var name = layout.Name;
        var l1c = layout.Level == ProductLevel.L1C;
        var ns = l1c ? L1CProduct : L2AProduct;
        var baseline = name.Baseline ?? throw new ArgumentException("the product name needs a processing baseline (N-token) to write metadata", nameof(spec));
        var granuleId = $"S{name.Spacecraft}_OPER_MSI_{layout.Level.Code()}_TL_SIMU_{ProductName.Format(name.Discriminator)}_A{layout.AbsoluteOrbit:000000}_T{name.Tile}_N{baseline}";
        var offsets = spec.EffectiveOffsets;

        var imageCharacteristics = new XElement("Product_Image_Characteristics",
            SpecialValue("NODATA", 0),
            SpecialValue("SATURATED", 65535),
            l1c
                ? new XElement("QUANTIFICATION_VALUE", new XAttribute("unit", "none"), Num(spec.QuantificationValue))
                : new XElement("QUANTIFICATION_VALUES_LIST",
                    new XElement("BOA_QUANTIFICATION_VALUE", new XAttribute("unit", "none"), Num(spec.QuantificationValue)),
                    new XElement("AOT_QUANTIFICATION_VALUE", new XAttribute("unit", "none"), "1000.0"),
                    new XElement("WVP_QUANTIFICATION_VALUE", new XAttribute("unit", "cm"), "1000.0")));
        if (offsets.Count > 0)
        {
            imageCharacteristics.Add(l1c
                ? new XElement("Radiometric_Offset_List", offsets.Select(o => new XElement("RADIO_ADD_OFFSET", new XAttribute("band_id", MsiBands.Get(o.Key).BandId), Num(o.Value))))
                : new XElement("BOA_ADD_OFFSET_VALUES_LIST", offsets.Select(o => new XElement("BOA_ADD_OFFSET", new XAttribute("band_id", MsiBands.Get(o.Key).BandId), Num(o.Value)))));
        }

        var root = new XElement(ns + (l1c ? "Level-1C_User_Product" : "Level-2A_User_Product"),
            new XAttribute(XNamespace.Xmlns + "n1", ns),
            new XElement(ns + "General_Info",
                new XElement("Product_Info",
                    new XElement("PRODUCT_START_TIME", IsoTime(name.SensingStart)),
                    new XElement("PRODUCT_STOP_TIME", IsoTime(name.SensingStart)),
                    new XElement("PRODUCT_URI", name.SafeFolderName),
                    new XElement("PROCESSING_LEVEL", l1c ? "Level-1C" : "Level-2A"),
                    new XElement("PRODUCT_TYPE", l1c ? "S2MSI1C" : "S2MSI2A"),
                    new XElement("PROCESSING_BASELINE", baseline.ToString()),
                    new XElement("GENERATION_TIME", IsoTime(name.Discriminator)),
                    new XElement("Datatake",
                        new XAttribute("datatakeIdentifier", $"GS{name.Spacecraft}_{ProductName.Format(name.SensingStart)}_{layout.AbsoluteOrbit:000000}_N{baseline}"),
                        new XElement("SPACECRAFT_NAME", "Sentinel-" + name.Spacecraft),
                        new XElement("DATATAKE_TYPE", "INS-NOBS"),
                        new XElement("DATATAKE_SENSING_START", IsoTime(name.SensingStart)),
                        new XElement("SENSING_ORBIT_NUMBER", name.RelativeOrbit),
                        new XElement("SENSING_ORBIT_DIRECTION", "DESCENDING")),
                    new XElement("Query_Options", new XAttribute("completeSingleTile", "true"), new XElement("PRODUCT_FORMAT", "SAFE_COMPACT")),
                    new XElement("Product_Organisation",
                        new XElement("Granule_List",
                            new XElement("Granule",
                                new XAttribute("datastripIdentifier", granuleId.Replace("_TL_", "_DS_")),
                                new XAttribute("granuleIdentifier", granuleId),
                                new XAttribute("imageFormat", "JPEG2000"),
                                layout.ImageFileEntries().Select(f => new XElement("IMAGE_FILE", f)))))),
                imageCharacteristics),
            new XElement(ns + "Quality_Indicators_Info",
                new XElement("Cloud_Coverage_Assessment", Num(spec.CloudCoverPercent))));
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), root);
    }

    /// <summary>The granule metadata document (MTD_TL.xml).</summary>
    public static XDocument GranuleDocument(SafeMetadataSpec spec)
    {
        var layout = spec.Layout;
        var l1c = layout.Level == ProductLevel.L1C;
        var ns = l1c ? L1CTile : L2ATile;
        var name = layout.Name;
        var zone = spec.Epsg % 100;
        var hemisphere = spec.Epsg / 100 == 326 ? "N" : "S";
        var tileId = $"S{name.Spacecraft}_OPER_MSI_{layout.Level.Code()}_TL_SIMU_{ProductName.Format(name.Discriminator)}_A{layout.AbsoluteOrbit:000000}_T{name.Tile}_N{name.Baseline}";

        var geocoding = new XElement("Tile_Geocoding",
            new XElement("HORIZONTAL_CS_NAME", $"WGS84 / UTM zone {zone}{hemisphere}"),
            new XElement("HORIZONTAL_CS_CODE", $"EPSG:{spec.Epsg}"));
        foreach (var res in MsiResolution.All)
        {
            var n = spec.SizePixels10m * 10 / res;
            geocoding.Add(new XElement("Size", new XAttribute("resolution", res), new XElement("NROWS", n), new XElement("NCOLS", n)));
        }
        foreach (var res in MsiResolution.All)
        {
            geocoding.Add(new XElement("Geoposition", new XAttribute("resolution", res),
                new XElement("ULX", Num(spec.UlX)), new XElement("ULY", Num(spec.UlY)),
                new XElement("XDIM", res), new XElement("YDIM", -res)));
        }

        var root = new XElement(ns + (l1c ? "Level-1C_Tile_ID" : "Level-2A_Tile_ID"),
            new XAttribute(XNamespace.Xmlns + "n1", ns),
            new XElement(ns + "General_Info",
                new XElement("TILE_ID", tileId),
                new XElement("SENSING_TIME", IsoTime(layout.GranuleSensing))),
            new XElement(ns + "Geometric_Info",
                geocoding,
                new XElement("Tile_Angles",
                    new XElement("Mean_Sun_Angle",
                        new XElement("ZENITH_ANGLE", new XAttribute("unit", "deg"), Num(spec.SunZenithDeg)),
                        new XElement("AZIMUTH_ANGLE", new XAttribute("unit", "deg"), Num(spec.SunAzimuthDeg))),
                    new XElement("Mean_Viewing_Incidence_Angle_List",
                        MsiBands.All.Select(b => new XElement("Mean_Viewing_Incidence_Angle", new XAttribute("bandId", b.BandId),
                            new XElement("ZENITH_ANGLE", new XAttribute("unit", "deg"), Num(spec.ViewZenithDeg)),
                            new XElement("AZIMUTH_ANGLE", new XAttribute("unit", "deg"), Num(spec.ViewAzimuthDeg))))))),
            new XElement(ns + "Quality_Indicators_Info",
                new XElement("Image_Content_QI",
                    new XElement("CLOUDY_PIXEL_PERCENTAGE", Num(spec.CloudCoverPercent)))));
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), root);
    }

    private static XElement SpecialValue(string text, int value) =>
        new("Special_Values", new XElement("SPECIAL_VALUE_TEXT", text), new XElement("SPECIAL_VALUE_INDEX", value));

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string IsoTime(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Save(XDocument doc, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        doc.Save(path);
    }
}
