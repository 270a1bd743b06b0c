using System.Xml;
using System.Xml.Linq;
using CloudMask.Sentinel2.Layout;

namespace CloudMask.Sentinel2.Metadata;

/// <summary>A granule as the product metadata lists it: its folder and its image files.</summary>
/// <param name="Folder">SAFE-relative granule folder, e.g. GRANULE/L1C_T32TQM_A034364_20220125T101302.</param>
/// <param name="ImageFiles">SAFE-relative IMAGE_FILE entries without ".jp2".</param>
public sealed record GranuleEntry(string Identifier, string Folder, IReadOnlyList<string> ImageFiles);

/// <summary>
/// What MTD_MSIL1C.xml / MTD_MSIL2A.xml says about a product, read with System.Xml (GDAL 3.6 does
/// not expose the offsets). Reflectance of a band is (DN + <see cref="AddOffset"/>) / <see cref="QuantificationValue"/>.
/// </summary>
public sealed record ProductMetadata
{
    /// <summary>The XML this was read from (for messages).</summary>
    public required string SourcePath { get; init; }
    public required ProductLevel Level { get; init; }

    /// <summary>"2A", "2B", "2C" (from SPACECRAFT_NAME "Sentinel-2A").</summary>
    public required string Spacecraft { get; init; }

    /// <summary>PRODUCT_URI, e.g. S2A_MSIL1C_..._20220125T121516.SAFE.</summary>
    public required string ProductUri { get; init; }

    /// <summary>MGRS tile, e.g. 32TQM (from PRODUCT_URI or the granule identifier).</summary>
    public required string Tile { get; init; }
    public required DateTime SensingStart { get; init; }
    public DateTime? GenerationTime { get; init; }
    public required ProcessingBaseline Baseline { get; init; }
    public int? RelativeOrbit { get; init; }
    public string? OrbitDirection { get; init; }

    /// <summary>QUANTIFICATION_VALUE (L1C) or BOA_QUANTIFICATION_VALUE (L2A), 10000 in every baseline so far.</summary>
    public required double QuantificationValue { get; init; }

    /// <summary>L2A only: DN / this = aerosol optical thickness.</summary>
    public double? AotQuantificationValue { get; init; }

    /// <summary>L2A only: DN / this = water vapour in cm.</summary>
    public double? WvpQuantificationValue { get; init; }

    /// <summary>RADIO_ADD_OFFSET (L1C) or BOA_ADD_OFFSET (L2A) by band name; empty before baseline 04.00.</summary>
    public required IReadOnlyDictionary<string, double> AddOffsets { get; init; }

    /// <summary>DN of pixels outside the swath (Special_Values NODATA), 0.</summary>
    public required int NoDataValue { get; init; }

    /// <summary>DN of saturated pixels (Special_Values SATURATED), 65535.</summary>
    public required int SaturatedValue { get; init; }

    /// <summary>Cloud_Coverage_Assessment in percent.</summary>
    public double? CloudCoverPercent { get; init; }

    /// <summary>The granules with their image files (one for compact single-tile products).</summary>
    public required IReadOnlyList<GranuleEntry> Granules { get; init; }

    /// <summary>Things a reader should know: e.g. a 04.00+ product without an offset list.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The offset to add to a band's DN before dividing by the quantification value (0 when none).</summary>
    public double AddOffset(MsiBand band) => AddOffsets.GetValueOrDefault(band.Name);

    /// <summary>Reflectance of one DN of a band, by the product's own rule.</summary>
    public double Reflectance(MsiBand band, int dn) => (dn + AddOffset(band)) / QuantificationValue;

    /// <summary>Parses a product metadata file from disk.</summary>
    /// <exception cref="ProductException">malformed XML, missing element, unknown baseline, legacy layout.</exception>
    public static ProductMetadata Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, path);
    }

    /// <summary>Parses product metadata from a stream; <paramref name="sourcePath"/> names it in errors.</summary>
    /// <exception cref="ProductException">malformed XML, missing element, unknown baseline, legacy layout.</exception>
    public static ProductMetadata Parse(Stream xml, string sourcePath)
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
        return new ProductMetadataParser(doc, sourcePath).Parse();
    }
}

/// <summary>Reads one MTD_MSIL*.xml document; one instance per document.</summary>
internal sealed class ProductMetadataParser(XDocument doc, string path)
{
    public ProductMetadata Parse()
    {
        var root = doc.Root ?? throw Invalid("has no root element");
        var rootName = root.Name.LocalName;
        if (!rootName.Contains("User_Product", StringComparison.Ordinal))
            throw Invalid($"root element is <{rootName}>, not a Level-1C/Level-2A User_Product; pass the product's MTD_MSIL1C.xml or MTD_MSIL2A.xml");

        var levelText = root.Text("PROCESSING_LEVEL") ?? root.Text("PRODUCT_TYPE") ?? rootName;
        if (!ProductLevels.TryParse(levelText, out var level))
            level = rootName.Contains("2A", StringComparison.Ordinal) ? ProductLevel.L2A : ProductLevel.L1C;

        var baselineText = root.Text("PROCESSING_BASELINE");
        if (!ProcessingBaseline.TryParse(baselineText, out var baseline))
            throw new ProductException(ProductProblem.UnknownBaseline, path,
                baselineText is null
                    ? "has no PROCESSING_BASELINE; the reader needs it to know the radiometry; check that this is an ESA product metadata file"
                    : $"PROCESSING_BASELINE '{baselineText}' is not of the form MM.mm");
        if (!baseline.IsKnown)
            throw new ProductException(ProductProblem.UnknownBaseline, path,
                $"processing baseline {baseline} is unknown (known: 00.01, 02.00-05.xx, 99.99); its radiometry may differ, so the product is refused; update CloudMask.Sentinel2");

        var uri = root.Text("PRODUCT_URI") ?? "";
        var granules = ReadGranules(root);
        if (root.Text("PRODUCT_FORMAT") is "SAFE" || granules.Any(g => g.ImageFiles.Count == 0 && root.All("IMAGE_ID").Any()))
            throw new ProductException(ProductProblem.UnsupportedLayout, path,
                "is a pre-December-2016 multi-tile product (long OPER/USER names); only compact single-tile products are supported; download the product again from the Copernicus Data Space, which serves compact-named products");

        var warnings = new List<string>();
        var offsets = ReadOffsets(root);
        if (offsets.Count == 0 && baseline.ExpectsRadiometricOffset)
            warnings.Add($"baseline {baseline} products normally carry {(level == ProductLevel.L1C ? "RADIO_ADD_OFFSET" : "BOA_ADD_OFFSET")} values, this one has none; reflectance is DN / quantification");

        var quantification = (level == ProductLevel.L2A ? root.Number("BOA_QUANTIFICATION_VALUE") : null)
            ?? root.Number("QUANTIFICATION_VALUE")
            ?? throw Invalid($"has no {(level == ProductLevel.L2A ? "BOA_QUANTIFICATION_VALUE" : "QUANTIFICATION_VALUE")}");
        if (quantification <= 0) throw Invalid($"quantification value {quantification} is not positive");

        return new ProductMetadata
        {
            SourcePath = path,
            Level = level,
            Spacecraft = ReadSpacecraft(root, uri),
            ProductUri = uri,
            Tile = ReadTile(uri, granules),
            SensingStart = root.Time("PRODUCT_START_TIME") ?? root.Time("DATATAKE_SENSING_START") ?? throw Invalid("has no PRODUCT_START_TIME"),
            GenerationTime = root.Time("GENERATION_TIME"),
            Baseline = baseline,
            RelativeOrbit = (int?)root.Number("SENSING_ORBIT_NUMBER"),
            OrbitDirection = root.Text("SENSING_ORBIT_DIRECTION"),
            QuantificationValue = quantification,
            AotQuantificationValue = root.Number("AOT_QUANTIFICATION_VALUE"),
            WvpQuantificationValue = root.Number("WVP_QUANTIFICATION_VALUE"),
            AddOffsets = offsets,
            NoDataValue = SpecialValue(root, "NODATA") ?? 0,
            SaturatedValue = SpecialValue(root, "SATURATED") ?? 65535,
            CloudCoverPercent = root.Number("Cloud_Coverage_Assessment"),
            Granules = granules,
            Warnings = warnings,
        };
    }

    private IReadOnlyList<GranuleEntry> ReadGranules(XElement root)
    {
        var result = new List<GranuleEntry>();
        foreach (var g in root.All("Granule"))
        {
            var files = g.Elements().Where(e => e.Name.LocalName == "IMAGE_FILE").Select(e => e.Value.Trim().Replace('\\', '/')).ToList();
            var folder = files.Count > 0 && files[0].StartsWith("GRANULE/", StringComparison.Ordinal)
                ? string.Join('/', files[0].Split('/').Take(2))
                : "";
            result.Add(new GranuleEntry(g.Attr("granuleIdentifier") ?? "", folder, files));
        }
        return result;
    }

    /// <summary>L1C: Radiometric_Offset_List/RADIO_ADD_OFFSET; L2A: BOA_ADD_OFFSET_VALUES_LIST/BOA_ADD_OFFSET.</summary>
    private Dictionary<string, double> ReadOffsets(XElement root)
    {
        var offsets = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var e in root.All("RADIO_ADD_OFFSET").Concat(root.All("BOA_ADD_OFFSET")))
        {
            var idText = e.Attr("band_id") ?? e.Attr("bandId");
            if (!int.TryParse(idText, out var id) || id is < 0 or > 12)
                throw Invalid($"<{e.Name.LocalName}> has band_id '{idText}', expected 0..12");
            offsets[MsiBands.ById(id).Name] = XmlLookup.ParseDouble(e.Value)
                ?? throw Invalid($"<{e.Name.LocalName} band_id=\"{id}\"> value '{e.Value}' is not a number");
        }
        return offsets;
    }

    private static int? SpecialValue(XElement root, string text)
    {
        foreach (var sv in root.All("Special_Values"))
        {
            if (string.Equals(sv.Text("SPECIAL_VALUE_TEXT"), text, StringComparison.OrdinalIgnoreCase)
                && int.TryParse(sv.Text("SPECIAL_VALUE_INDEX"), out var v))
                return v;
        }
        return null;
    }

    private string ReadSpacecraft(XElement root, string uri)
    {
        var name = root.Text("SPACECRAFT_NAME");
        if (name is not null && name.StartsWith("Sentinel-", StringComparison.OrdinalIgnoreCase)) return name["Sentinel-".Length..].ToUpperInvariant();
        if (ProductName.TryParse(uri, out var parsed)) return parsed.Spacecraft;
        throw Invalid("has no SPACECRAFT_NAME");
    }

    private string ReadTile(string uri, IReadOnlyList<GranuleEntry> granules)
    {
        if (ProductName.TryParse(uri, out var parsed)) return parsed.Tile;
        foreach (var g in granules)
        {
            var m = System.Text.RegularExpressions.Regex.Match(g.Identifier + "_" + g.Folder, @"_T(\d{2}[A-Z]{3})_");
            if (m.Success) return m.Groups[1].Value;
        }
        throw Invalid("names no MGRS tile (neither PRODUCT_URI nor a granule identifier has a T-token)");
    }

    private ProductException Invalid(string reason) => new(ProductProblem.InvalidMetadata, path, reason);
}
