using System.Security.Cryptography;
using System.Xml.Linq;
using static CloudMask.Simulation.Products.Xml;

namespace CloudMask.Simulation.Products;

/// <summary>
/// manifest.safe: the XFDU package description listing every file of the product with its
/// size and MD5, plus the acquisition metadata ESA puts there. Simplified from ESA's (one
/// content unit per file) but of the same shape, so tools that walk the data objects work.
/// </summary>
internal static class ManifestXml
{
    private static readonly XNamespace XfduNs = "urn:ccsds:schema:xfdu:1";
    private static readonly XNamespace SafeNs = "http://www.esa.int/safe/sentinel/1.1";

    public static XElement Build(ProductIdentity id, string safeRoot)
    {
        var files = Directory.EnumerateFiles(safeRoot, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(safeRoot, f).Replace('\\', '/'))
            .Where(f => f != "manifest.safe")
            .Order(StringComparer.Ordinal)
            .ToArray();
        string level = id.LevelCode == "L1C" ? "Level-1C" : "Level-2A";
        return new XElement(XfduNs + "XFDU",
            new XAttribute(XNamespace.Xmlns + "xfdu", XfduNs),
            new XAttribute(XNamespace.Xmlns + "safe", SafeNs),
            new XAttribute("version", $"esa/safe/sentinel/1.1/sentinel-2/msi/archive_{id.LevelCode.ToLowerInvariant()}_user_product"),
            E("informationPackageMap",
                new XElement(XfduNs + "contentUnit", A("unitType", "Product_" + level), A("textInfo", $"SENTINEL-2 MSI {level} User Product"), A("pdiID", "processing"),
                    files.Select((f, i) => new XElement(XfduNs + "contentUnit", A("ID", $"Unit{i}"), A("unitType", "Measurement Data Unit"),
                        E("dataObjectPointer", A("dataObjectID", ObjectId(i))))))),
            E("metadataSection",
                E("metadataObject", A("ID", "acquisitionPeriod"), A("category", "DMD"), A("classification", "DESCRIPTION"),
                    E("metadataWrap", A("mimeType", "text/xml"), A("vocabularyName", "SAFE"), A("textInfo", "Acquisition Period"),
                        E("xmlData", new XElement(SafeNs + "acquisitionPeriod", new XElement(SafeNs + "startTime", ProductIdentity.IsoTime(id.Sensing)))))),
                E("metadataObject", A("ID", "platform"), A("category", "DMD"), A("classification", "DESCRIPTION"),
                    E("metadataWrap", A("mimeType", "text/xml"), A("vocabularyName", "SAFE"), A("textInfo", "Platform Description"),
                        E("xmlData", new XElement(SafeNs + "platform",
                            new XElement(SafeNs + "nssdcIdentifier", "2015-028A"),
                            new XElement(SafeNs + "familyName", "SENTINEL"),
                            new XElement(SafeNs + "number", ProductIdentity.Spacecraft),
                            new XElement(SafeNs + "instrument", new XElement(SafeNs + "familyName", A("abbreviation", "MSI"), "Multi-Spectral Instrument"))))))),
            E("dataObjectSection", files.Select((f, i) => DataObject(ObjectId(i), safeRoot, f))));
    }

    private static string ObjectId(int i) => $"DataObject{i:0000}";

    private static XElement DataObject(string objectId, string safeRoot, string relative)
    {
        var path = Path.Combine(safeRoot, relative);
        var info = new FileInfo(path);
        using var stream = File.OpenRead(path);
        var md5 = Convert.ToHexString(MD5.HashData(stream));
        return E("dataObject", A("ID", objectId),
            E("byteStream", A("mimeType", relative.EndsWith(".jp2", StringComparison.Ordinal) ? "application/octet-stream" : "text/xml"), A("size", info.Length),
                E("fileLocation", A("locatorType", "URL"), A("href", "./" + relative)),
                E("checksum", A("checksumName", "MD5"), md5)));
    }
}
