using System.Xml.Linq;
using CloudMask.Sentinel2.Layout;
using CloudMask.Simulation.Scenes;
using static CloudMask.Simulation.Products.Xml;

namespace CloudMask.Simulation.Products;

/// <summary>
/// MTD_MSIL1C.xml / MTD_MSIL2A.xml with the element structure of ESA's files (see the real ones
/// in shared/data/safe-metadata/stactools): product info and granule image list, image
/// characteristics with quantification and, from baseline 04.00, the per-band add-offsets,
/// spectral information, footprint, auxiliary data and quality indicators.
/// </summary>
internal static class ProductMetadataXml
{
    // S2A solar irradiance per band_id (W/m2/um), from ESA's L1C metadata.
    private static readonly double[] SolarIrradiance =
        [1884.69, 1959.66, 1823.24, 1512.06, 1424.64, 1287.61, 1162.08, 1041.63, 955.32, 812.92, 367.15, 245.59, 85.25];

    private static readonly double[] PhysicalGains =
        [4.10650374, 3.75008945, 4.1754601, 4.50605, 5.18657807, 4.85045988, 4.51187374, 6.12993247, 5.11089037, 8.48667727, 54.77849145, 35.11586051, 106.16764317];

    private static readonly string[] SceneClasses =
    [
        "SC_NODATA", "SC_SATURATED_DEFECTIVE", "SC_DARK_FEATURE_SHADOW", "SC_CLOUD_SHADOW", "SC_VEGETATION", "SC_NOT_VEGETATED",
        "SC_WATER", "SC_UNCLASSIFIED", "SC_CLOUD_MEDIUM_PROBA", "SC_CLOUD_HIGH_PROBA", "SC_THIN_CIRRUS", "SC_SNOW_ICE",
    ];

    public static XElement Build(ProductIdentity id, ProductGrid grid, DigitalNumbers numbers, ProductStatistics stats, SceneSpec spec)
    {
        bool l1c = id.Request.Level == ProductLevel.L1C;
        string level = l1c ? "1C" : "2A";
        var root = Root($"Level-{level}_User_Product", $"https://psd-14.sentinel2.eo.esa.int/PSD/User_Product_Level-{level}.xsd");
        root.Add(
            Section(root, "General_Info", ProductInfo(id), ImageCharacteristics(id, numbers, l1c)),
            Section(root, "Geometric_Info", Footprint(grid, id.Request)),
            Section(root, "Auxiliary_Data_Info", AuxiliaryData(id, l1c)),
            Section(root, "Quality_Indicators_Info", QualityIndicators(stats, spec, l1c)));
        return root;
    }

    private static XElement ProductInfo(ProductIdentity id, bool withDoi = true)
    {
        var time = IsoTime(id.Sensing);
        return E("Product_Info",
            E("PRODUCT_START_TIME", time),
            E("PRODUCT_STOP_TIME", time),
            E("PRODUCT_URI", id.Name.SafeFolderName),
            E("PROCESSING_LEVEL", id.Request.Level == ProductLevel.L1C ? "Level-1C" : "Level-2A"),
            E("PRODUCT_TYPE", id.Request.Level == ProductLevel.L1C ? "S2MSI1C" : "S2MSI2A"),
            E("PROCESSING_BASELINE", id.Baseline.ToString()),
            E("GENERATION_TIME", IsoTime(id.Generation)),
            E("PREVIEW_IMAGE_URL", "Not applicable"),
            E("PREVIEW_GEO_INFO", "Not applicable"),
            E("Datatake", A("datatakeIdentifier", id.DatatakeId),
                E("SPACECRAFT_NAME", "Sentinel-" + ProductIdentity.Spacecraft),
                E("DATATAKE_TYPE", "INS-NOBS"),
                E("DATATAKE_SENSING_START", time),
                E("SENSING_ORBIT_NUMBER", id.RelativeOrbit),
                E("SENSING_ORBIT_DIRECTION", "DESCENDING")),
            E("Query_Options", A("completeSingleTile", "true"), E("PRODUCT_FORMAT", "SAFE_COMPACT")),
            E("Product_Organisation",
                E("Granule_List",
                    E("Granule", A("datastripIdentifier", id.DatastripId), A("granuleIdentifier", id.GranuleId), A("imageFormat", "JPEG2000"),
                        ProductLayers.ImageFileEntries(id.Layout).Select(f => E("IMAGE_FILE", f))))));
    }

    private static string IsoTime(DateTime t) => ProductIdentity.IsoTime(t);

    private static XElement ImageCharacteristics(ProductIdentity id, DigitalNumbers numbers, bool l1c)
    {
        var content = new List<object>
        {
            SpecialValue("NODATA", DigitalNumbers.NoData),
            SpecialValue("SATURATED", DigitalNumbers.Saturated),
            E("Image_Display_Order", E("RED_CHANNEL", 3), E("GREEN_CHANNEL", 2), E("BLUE_CHANNEL", 1)),
        };
        bool offsets = numbers.AddOffset != 0;
        if (l1c)
        {
            content.Add(E("QUANTIFICATION_VALUE", A("unit", "none"), DigitalNumbers.QuantificationValue));
            // ESA lists all 13 band_ids; the offset applies to every band.
            if (offsets) content.Add(E("Radiometric_Offset_List", MsiBands.All.Select(b => E("RADIO_ADD_OFFSET", A("band_id", b.BandId), numbers.AddOffset))));
        }
        else
        {
            content.Add(E("QUANTIFICATION_VALUES_LIST",
                E("BOA_QUANTIFICATION_VALUE", A("unit", "none"), DigitalNumbers.QuantificationValue),
                E("AOT_QUANTIFICATION_VALUE", A("unit", "none"), "1000.0"),
                E("WVP_QUANTIFICATION_VALUE", A("unit", "cm"), "1000.0")));
            if (offsets) content.Add(E("BOA_ADD_OFFSET_VALUES_LIST", MsiBands.All.Select(b => E("BOA_ADD_OFFSET", A("band_id", b.BandId), numbers.AddOffset))));
        }
        content.Add(E("Reflectance_Conversion",
            E("U", F(EarthSunDistanceFactor(id.Sensing), "0.###############")),
            E("Solar_Irradiance_List", MsiBands.All.Select(b => E("SOLAR_IRRADIANCE", A("bandId", b.BandId), A("unit", "W/m²/µm"), F(SolarIrradiance[b.BandId]))))));
        content.Add(E("Spectral_Information_List", MsiBands.All.Select(SpectralInformation)));
        if (l1c)
        {
            content.AddRange(MsiBands.All.Select(b => E("PHYSICAL_GAINS", A("bandId", b.BandId), F(PhysicalGains[b.BandId], "0.########"))));
            content.Add(E("REFERENCE_BAND", 3));
        }
        else
        {
            content.Add(E("Scene_Classification_List", SceneClasses.Select((name, i) =>
                E("Scene_Classification_ID", E("SCENE_CLASSIFICATION_TEXT", name), E("SCENE_CLASSIFICATION_INDEX", i)))));
        }
        return E("Product_Image_Characteristics", content);
    }

    private static XElement SpecialValue(string text, int index) =>
        E("Special_Values", E("SPECIAL_VALUE_TEXT", text), E("SPECIAL_VALUE_INDEX", index));

    /// <summary>A band's spectral description. The response is written as a flat top with
    /// 2 nm cosine shoulders over MIN..MAX: the simulator samples spectra at the centre only.</summary>
    private static XElement SpectralInformation(MsiBand band)
    {
        double centre = band.CentralWavelengthUm * 1000, half = band.FwhmUm * 1000 / 2;
        int min = (int)Math.Round(centre - half), max = (int)Math.Round(centre + half);
        var response = Enumerable.Range(min, max - min + 1).Select(nm =>
        {
            double edge = Math.Min(nm - min, max - nm);
            return edge >= 2 ? 1.0 : 0.5 - 0.5 * Math.Cos(Math.PI * (edge + 1) / 3);
        });
        return E("Spectral_Information", A("bandId", band.BandId), A("physicalBand", PhysicalBandName(band)),
            E("RESOLUTION", band.NativeResolutionM),
            E("Wavelength",
                E("MIN", A("unit", "nm"), min),
                E("MAX", A("unit", "nm"), max),
                E("CENTRAL", A("unit", "nm"), F(centre, "0.#"))),
            E("Spectral_Response",
                E("STEP", A("unit", "nm"), 1),
                E("VALUES", string.Join(' ', response.Select(v => F(v, "0.########"))))));
    }

    /// <summary>"B1".."B12", "B8A": the XML's physicalBand spelling (no leading zero).</summary>
    public static string PhysicalBandName(MsiBand band) => band.Name == "B8A" ? "B8A" : "B" + int.Parse(band.Name[1..]);

    /// <summary>Sun-Earth distance correction (1 / d^2) for the day of year.</summary>
    private static double EarthSunDistanceFactor(DateTime t) => 1 / Math.Pow(1 - 0.01672 * Math.Cos(0.01720209895 * (t.DayOfYear - 4)), 2);

    private static XElement Footprint(ProductGrid grid, ProductRequest request)
    {
        double e0 = grid.UpperLeftX, n0 = grid.UpperLeftY, e1 = e0 + grid.ExtentM, n1 = n0 - grid.ExtentM;
        var corners = new[] { (e0, n0), (e1, n0), (e1, n1), (e0, n1), (e0, n0) };
        var positions = corners.Select(c => UtmProjection.ToGeographic(c.Item1, c.Item2, request.UtmZone, request.North))
            .SelectMany(p => new[] { F(p.LatitudeDeg, "0.##############"), F(p.LongitudeDeg, "0.##############") });
        return E("Product_Footprint",
            E("Product_Footprint", E("Global_Footprint", E("EXT_POS_LIST", string.Join(' ', positions) + " "))),
            E("RASTER_CS_TYPE", "POINT"),
            E("PIXEL_ORIGIN", 1));
    }

    private static IEnumerable<XElement> AuxiliaryData(ProductIdentity id, bool l1c)
    {
        yield return E("GIPP_List");
        yield return E("PRODUCTION_DEM_TYPE", "S2__OPER_DEM_GLOBEF_PDMC_19800101T000000_S19800101T000000");
        yield return E("IERS_BULLETIN_FILENAME", "Not applicable (simulated product)");
        yield return E("GRI_List");
        yield return E("ECMWF_DATA_REF", "Not applicable (simulated product)");
        if (!l1c)
        {
            yield return E("LUT_List", E("LUT_FILENAME", "none (simulated product)"));
            yield return E("SNOW_CLIMATOLOGY_MAP", "GlobalSnowMap.tiff");
        }
    }

    private static IEnumerable<XElement> QualityIndicators(ProductStatistics stats, SceneSpec spec, bool l1c)
    {
        yield return E("Cloud_Coverage_Assessment", F(stats.CloudyPercent, "0.######"));
        yield return E("Technical_Quality_Assessment", E("DEGRADED_ANC_DATA_PERCENTAGE", "0.0"), E("DEGRADED_MSI_DATA_PERCENTAGE", 0));
        yield return E("Quality_Control_Checks",
            E("Quality_Inspections",
                new[] { "FORMAT_CORRECTNESS", "GENERAL_QUALITY", "GEOMETRIC_QUALITY", "RADIOMETRIC_QUALITY", "SENSOR_QUALITY" }
                    .Select(c => E("quality_check", A("checkType", c), "PASSED"))),
            E("Failed_Inspections"));
        if (!l1c) yield return ImageContent(stats, spec, includeCloudy: false);
    }

    /// <summary>The Image_Content_QI block of L2A products (percentages from the exact labels).</summary>
    internal static XElement ImageContent(ProductStatistics stats, SceneSpec spec, bool includeCloudy)
    {
        var items = new List<XElement>();
        if (includeCloudy) items.Add(E("CLOUDY_PIXEL_PERCENTAGE", F(stats.CloudyPercent)));
        items.AddRange(
        [
            E("CLOUDY_PIXEL_OVER_LAND_PERCENTAGE", F(stats.CloudyPercent)),
            E("NODATA_PIXEL_PERCENTAGE", F(stats.PercentOfAll(LabelCodes.Missing))),
            E("SATURATED_DEFECTIVE_PIXEL_PERCENTAGE", "0.000000"),
            E("DARK_FEATURES_PERCENTAGE", "0.000000"),
            E("CLOUD_SHADOW_PERCENTAGE", F(stats.PercentOfValid(LabelCodes.Shadow))),
            E("VEGETATION_PERCENTAGE", F(stats.ClearCoverPercent(SceneClassification.CoversOf(SceneClassification.Vegetation)))),
            E("NOT_VEGETATED_PERCENTAGE", F(stats.ClearCoverPercent(SceneClassification.CoversOf(SceneClassification.NotVegetated)))),
            E("WATER_PERCENTAGE", F(stats.ClearCoverPercent(SceneClassification.CoversOf(SceneClassification.Water)))),
            E("UNCLASSIFIED_PERCENTAGE", "0.000000"),
            E("MEDIUM_PROBA_CLOUDS_PERCENTAGE", F(stats.PercentOfValid(LabelCodes.Cloud))),
            E("HIGH_PROBA_CLOUDS_PERCENTAGE", "0.000000"),
            E("THIN_CIRRUS_PERCENTAGE", F(stats.PercentOfValid(LabelCodes.SemiTransparent))),
            E("SNOW_ICE_PERCENTAGE", F(stats.ClearCoverPercent(SceneClassification.CoversOf(SceneClassification.SnowIce)))),
            E("RADIATIVE_TRANSFER_ACCURACY", "0.0"),
            E("WATER_VAPOUR_RETRIEVAL_ACCURACY", "0.0"),
            E("AOT_RETRIEVAL_ACCURACY", "0.0"),
            E("AOT_RETRIEVAL_METHOD", "SIMULATED"),
            E("GRANULE_MEAN_AOT", F(spec.AerosolOpticalThickness)),
            E("GRANULE_MEAN_WV", F(spec.WaterVapourCm)),
        ]);
        return E("Image_Content_QI", items);
    }
}
