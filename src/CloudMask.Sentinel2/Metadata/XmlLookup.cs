using System.Globalization;
using System.Xml.Linq;

namespace CloudMask.Sentinel2.Metadata;

/// <summary>
/// Namespace-blind element lookups. ESA changes the schema namespace (psd-12, psd-14, ...) between
/// baselines while the local element names stay, so matching on local names keeps one parser for all.
/// </summary>
internal static class XmlLookup
{
    public static IEnumerable<XElement> All(this XContainer node, string localName) =>
        node.Descendants().Where(e => e.Name.LocalName == localName);

    public static XElement? First(this XContainer node, string localName) => node.All(localName).FirstOrDefault();

    public static string? Text(this XContainer node, string localName) => node.First(localName)?.Value.Trim();

    public static double? Number(this XContainer node, string localName) => ParseDouble(node.Text(localName));

    public static double? ParseDouble(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static string? Attr(this XElement e, string name) =>
        e.Attributes().FirstOrDefault(a => a.Name.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;

    public static DateTime? Time(this XContainer node, string localName) =>
        DateTime.TryParse(node.Text(localName), CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
