using System.Globalization;
using System.Text.RegularExpressions;
using CloudMask.Sentinel2.Layout;
using CloudMask.Sentinel2.Metadata;
using CloudMask.TestSupport;

namespace CloudMask.Sentinel2.Tests;

/// <summary>
/// Every real metadata file in shared/data/safe-metadata/stactools, parsed and checked against values
/// taken from the XML text with plain regular expressions (not with the parser under test).
/// </summary>
public class RealMetadataTests
{
    private static string Stactools() => SharedData.RequireFolder("safe-metadata/stactools");

    private static IEnumerable<string> ProductMetadataFiles(string root) =>
        Directory.EnumerateFiles(root, "MTD_MSIL*.xml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(root, "MTD_MSIL2a.xml", SearchOption.AllDirectories))
            .Distinct().Order(StringComparer.Ordinal);

    private static string? Tag(string xml, string tag)
    {
        var m = Regex.Match(xml, $@"<{tag}(?:\s[^>]*)?>\s*([^<]*?)\s*</{tag}>");
        return m.Success ? m.Groups[1].Value : null;
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [SkippableFact]
    public void Every_product_metadata_file_parses_to_the_values_in_its_text()
    {
        var files = ProductMetadataFiles(Stactools()).ToList();
        Assert.True(files.Count >= 11, $"expected the 11 stactools products, found {files.Count}");
        foreach (var file in files)
        {
            var xml = File.ReadAllText(file);
            var m = ProductMetadata.Load(file);
            var because = Path.GetFileName(Path.GetDirectoryName(file));

            Assert.Equal(Tag(xml, "PROCESSING_BASELINE"), m.Baseline.ToString());
            Assert.Equal(Tag(xml, "PROCESSING_LEVEL") == "Level-1C" ? ProductLevel.L1C : ProductLevel.L2A, m.Level);
            Assert.Equal(Tag(xml, "SPACECRAFT_NAME")!.Replace("Sentinel-", ""), m.Spacecraft);
            Assert.Equal(Tag(xml, "PRODUCT_URI"), m.ProductUri);
            Assert.Equal(Regex.Match(Tag(xml, "PRODUCT_URI")!, @"_T(\d\d[A-Z]{3})_").Groups[1].Value, m.Tile);
            Assert.Equal(DateTime.Parse(Tag(xml, "PRODUCT_START_TIME")!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), m.SensingStart);
            Assert.Equal(Number(Tag(xml, "Cloud_Coverage_Assessment")!), m.CloudCoverPercent);
            var quantTag = m.Level == ProductLevel.L1C ? "QUANTIFICATION_VALUE" : "BOA_QUANTIFICATION_VALUE";
            Assert.Equal(Number(Tag(xml, quantTag)!), m.QuantificationValue);
            Assert.Equal(10000, m.QuantificationValue);
            Assert.Equal(0, m.NoDataValue);
            Assert.Equal(65535, m.SaturatedValue);

            // Offsets: one per band_id in the text, each with the text's value.
            var offsetTag = m.Level == ProductLevel.L1C ? "RADIO_ADD_OFFSET" : "BOA_ADD_OFFSET";
            var textOffsets = Regex.Matches(xml, $@"<{offsetTag} band_id=""(\d+)"">([^<]+)</{offsetTag}>")
                .ToDictionary(x => MsiBands.ById(int.Parse(x.Groups[1].Value)).Name, x => Number(x.Groups[2].Value));
            Assert.Equal(textOffsets.OrderBy(k => k.Key), m.AddOffsets.OrderBy(k => k.Key));

            if (m.Baseline >= ProcessingBaseline.OffsetIntroduced)
            {
                Assert.True(m.AddOffsets.Count == 13, $"{because}: baseline {m.Baseline} must carry 13 offsets");
                Assert.All(m.AddOffsets.Values, v => Assert.Equal(-1000, v));
                Assert.Equal(0.0, m.Reflectance(MsiBands.B04, 1000), 12);
                Assert.Empty(m.Warnings);
            }
            else
            {
                Assert.True(m.AddOffsets.Count == 0, $"{because}: baseline {m.Baseline} must carry no offsets");
                Assert.Equal(0.1, m.Reflectance(MsiBands.B04, 1000), 12);
            }

            // The IMAGE_FILE list, entry for entry.
            var imageFiles = Regex.Matches(xml, @"<IMAGE_FILE>([^<]+)</IMAGE_FILE>").Select(x => x.Groups[1].Value).ToList();
            Assert.Equal(imageFiles, m.Granules.SelectMany(g => g.ImageFiles));
        }
    }

    [SkippableFact]
    public void L2A_products_of_baseline_04_00_and_later_carry_boa_offsets_and_earlier_ones_none()
    {
        var byBaseline = ProductMetadataFiles(Stactools()).Select(ProductMetadata.Load)
            .Where(m => m.Level == ProductLevel.L2A)
            .GroupBy(m => m.Baseline >= ProcessingBaseline.OffsetIntroduced)
            .ToDictionary(g => g.Key, g => g.ToList());
        Assert.True(byBaseline.ContainsKey(true) && byBaseline.ContainsKey(false), "the data must hold L2A products on both sides of 04.00");
        Assert.All(byBaseline[true], m => Assert.Equal(-1000, m.AddOffset(MsiBands.B02)));
        Assert.All(byBaseline[false], m => Assert.Equal(0, m.AddOffset(MsiBands.B02)));
    }

    [SkippableFact]
    public void Every_granule_metadata_file_gives_the_sun_and_view_angles_of_its_text()
    {
        var files = Directory.EnumerateFiles(Stactools(), "MTD_TL.xml", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var xml = File.ReadAllText(file);
            var g = GranuleMetadata.Load(file);
            var sun = Regex.Match(xml, @"<Mean_Sun_Angle>\s*<ZENITH_ANGLE[^>]*>([^<]+)</ZENITH_ANGLE>\s*<AZIMUTH_ANGLE[^>]*>([^<]+)</AZIMUTH_ANGLE>");
            Assert.True(sun.Success, file);
            Assert.Equal(Number(sun.Groups[1].Value), g.Sun!.Value.ZenithDeg);
            Assert.Equal(Number(sun.Groups[2].Value), g.Sun!.Value.AzimuthDeg);

            var views = Regex.Matches(xml, @"<Mean_Viewing_Incidence_Angle bandId=""(\d+)"">\s*<ZENITH_ANGLE[^>]*>([^<]+)</ZENITH_ANGLE>\s*<AZIMUTH_ANGLE[^>]*>([^<]+)</AZIMUTH_ANGLE>");
            Assert.Equal(views.Count, g.MeanViewing.Count);
            foreach (Match v in views)
            {
                var band = MsiBands.ById(int.Parse(v.Groups[1].Value));
                Assert.Equal(Number(v.Groups[2].Value), g.MeanViewing[band.Name].ZenithDeg);
                Assert.Equal(Number(v.Groups[3].Value), g.MeanViewing[band.Name].AzimuthDeg);
            }
            Assert.Equal(int.Parse(Regex.Match(xml, @"<HORIZONTAL_CS_CODE>EPSG:(\d+)</HORIZONTAL_CS_CODE>").Groups[1].Value), g.Epsg);
            Assert.Equal(10980, g.Grids[10].Rows);
            Assert.Equal(1830, g.Grids[60].Columns);
            Assert.Equal(Number(Tag(xml, "ULX")!), g.Grids[10].UlX);
            if (Tag(xml, "CLOUDY_PIXEL_PERCENTAGE") is { } cloudy) Assert.Equal(Number(cloudy), g.CloudyPixelPercent);
        }
    }

    [SkippableFact]
    public void Every_real_SAFE_folder_opens_and_reports_its_missing_pixels_clearly()
    {
        var safes = Directory.EnumerateDirectories(Stactools(), "*.SAFE").Order(StringComparer.Ordinal).ToList();
        foreach (var safe in safes)
        {
            using var product = Sentinel2Product.Open(safe);
            var xml = File.ReadAllText(Path.Combine(safe, product.MetadataRelativePath));
            Assert.Equal(Tag(xml, "PROCESSING_BASELINE"), product.Metadata.Baseline.ToString());
            if (Directory.Exists(Path.Combine(safe, "GRANULE")) && Directory.EnumerateFiles(Path.Combine(safe, "GRANULE"), "MTD_TL.xml", SearchOption.AllDirectories).Any())
                Assert.NotNull(product.Granule);

            // The metadata lists band files, the test data holds none: a clear error naming the file.
            if (product.Metadata.Granules.Sum(g => g.ImageFiles.Count) > 0)
            {
                var e = Assert.Throws<ProductException>(() => product.OpenBandStack());
                Assert.Equal(ProductProblem.MissingBandFile, e.Problem);
                Assert.Contains(".jp2", e.Message);
                Assert.Contains(safe, e.Message);
                Assert.DoesNotContain('\n', e.Message);
            }
        }
    }

    [SkippableFact]
    public void Real_L2A_product_lists_its_scene_classification_aot_and_wvp_layers()
    {
        var safe = Path.Combine(Stactools(), "S2B_MSIL2A_20220413T150759_N0400_R025_T33XWJ_20220414T082126.SAFE");
        using var product = Sentinel2Product.Open(Path.Combine(safe, "MTD_MSIL2A.xml"));
        Assert.Equal("GRANULE/L2A_T33XWJ_A026649_20220413T150756/IMG_DATA/R20m/T33XWJ_20220413T150759_SCL_20m.jp2", product.LayerFile(L2ALayer.SCL, 20)!.RelativePath);
        Assert.Equal("GRANULE/L2A_T33XWJ_A026649_20220413T150756/IMG_DATA/R10m/T33XWJ_20220413T150759_AOT_10m.jp2", product.LayerFile(L2ALayer.AOT, 10)!.RelativePath);
        Assert.Equal(60, product.LayerFile(L2ALayer.WVP, 60)!.ResolutionM);
        Assert.Equal(1000.0, product.Metadata.AotQuantificationValue);
        Assert.Equal("GRANULE/L2A_T33XWJ_A026649_20220413T150756/IMG_DATA/R20m/T33XWJ_20220413T150759_B01_20m.jp2", product.BandFile(MsiBands.B01, 20).RelativePath);
        Assert.Equal("GRANULE/L2A_T33XWJ_A026649_20220413T150756/IMG_DATA/R10m/T33XWJ_20220413T150759_B08_10m.jp2", product.BandFile(MsiBands.B08, 20).RelativePath);
    }
}
