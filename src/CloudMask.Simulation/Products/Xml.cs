using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace CloudMask.Simulation.Products;

/// <summary>Small helpers that keep the metadata builders readable.</summary>
internal static class Xml
{
    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    public static XElement E(string name, params object?[] content) => new(name, content);

    public static XAttribute A(string name, object value) => new(name, value);

    public static string F(double value, string format = "0.######") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The PSD root element: prefix n1 bound to the schema URL, children unqualified as in ESA's files.</summary>
    public static XElement Root(string name, string schemaUrl, params object?[] content)
    {
        XNamespace n1 = schemaUrl;
        return new XElement(n1 + name,
            new XAttribute(XNamespace.Xmlns + "n1", schemaUrl),
            new XAttribute(XNamespace.Xmlns + "xsi", Xsi),
            new XAttribute(Xsi + "schemaLocation", schemaUrl),
            content);
    }

    /// <summary>A top-level section in the root's namespace (n1:General_Info and so on).</summary>
    public static XElement Section(XElement root, string name, params object?[] content) => new(root.Name.Namespace + name, content);

    public static void Save(XElement root, string path)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        using var writer = XmlWriter.Create(path, settings);
        new XDocument(new XDeclaration("1.0", "UTF-8", "no"), root).Save(writer);
    }
}
