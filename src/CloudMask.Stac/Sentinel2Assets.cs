using System.Globalization;
using System.Text.RegularExpressions;

namespace CloudMask.Stac;

/// <summary>One Sentinel-2 band found in an Item: the band's name (B01..B12, B8A), its asset, and how its numbers become reflectance.</summary>
public sealed record BandAsset(string Band, StacAsset Asset, double Scale, double Offset, double? NoData);

/// <summary>
/// Finds the Sentinel-2 band files among an Item's assets, as the public catalogues publish them:
/// by the band's name or common name in eo:bands / bands (Earth Search, Planetary Computer, CDSE),
/// or by the asset key ("B02", "B02_10m", "blue", "nir08", "blue-jp2"). Where a band comes at
/// several resolutions or formats, the finest GeoTIFF wins.
/// </summary>
public static partial class Sentinel2Assets
{
    private static readonly Dictionary<string, string> ByCommonName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["coastal"] = "B01", ["blue"] = "B02", ["green"] = "B03", ["red"] = "B04", ["rededge1"] = "B05", ["rededge2"] = "B06",
        ["rededge3"] = "B07", ["nir"] = "B08", ["nir08"] = "B8A", ["nir09"] = "B09", ["cirrus"] = "B10", ["swir16"] = "B11", ["swir22"] = "B12",
    };

    /// <summary>Centre wavelengths (µm) of the red-edge bands, for catalogues that call all three "rededge".</summary>
    private static readonly (string Band, double Um)[] RedEdge = [("B05", 0.705), ("B06", 0.740), ("B07", 0.783)];

    private static readonly string[] NotBandRoles = ["thumbnail", "overview", "visual", "metadata"];

    /// <summary>The bands found, in Sentinel-2 order.</summary>
    /// <exception cref="StacException">no Sentinel-2 band asset is found.</exception>
    public static IReadOnlyList<BandAsset> Find(StacItem item)
    {
        var baselineOffset = BaselineOffset(item);
        var found = new List<(BandAsset Band, int Rank)>();
        foreach (var asset in item.Assets)
        {
            if (asset.Roles.Count > 0 && (asset.Roles.Any(r => NotBandRoles.Contains(r, StringComparer.OrdinalIgnoreCase)) && !asset.Roles.Contains("data")))
                continue;
            if (asset.Bands.Count > 1) continue; // a true-colour composite or a product file, not one band
            var described = asset.Bands.Count == 1 ? asset.Bands[0] : null;
            var band = Identify(asset.Key, described);
            if (band is null) continue;
            // Catalogues that publish scale/offset say so; without, digital numbers are reflectance x 10000,
            // less 1000 from processing baseline 04.00 on.
            var scale = described?.Scale ?? 1e-4;
            var offset = described?.Offset ?? (described?.Scale is null ? baselineOffset : 0);
            found.Add((new BandAsset(band, asset, scale, offset, described?.NoData ?? 0), Rank(asset)));
        }
        if (found.Count == 0)
            throw new StacException(item.Location, "has no Sentinel-2 band assets (looked for eo:bands names B01..B12/B8A, common names and asset keys such as B02 or blue)");
        return found.GroupBy(f => f.Band.Band).Select(g => g.OrderBy(f => f.Rank).First().Band)
            .OrderBy(b => Order(b.Band)).ToList();
    }

    private static double BaselineOffset(StacItem item)
    {
        var baseline = item.Property("s2:processing_baseline") ?? item.Property("processing:version");
        return baseline is not null && double.TryParse(baseline, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && b >= 4.0 ? -0.1 : 0;
    }

    internal static string? Identify(string key, StacBand? band)
    {
        if (band?.Name is { } name && Canonical(name) is { } byName) return byName;
        if (band?.CommonName is { } common)
        {
            if (ByCommonName.TryGetValue(common, out var byCommon)) return byCommon;
            if (common.Equals("rededge", StringComparison.OrdinalIgnoreCase) && band.CenterWavelengthUm is { } um)
                return RedEdge.MinBy(r => Math.Abs(r.Um - um)).Band;
        }
        var bare = KeySuffix().Replace(key, "");
        return Canonical(bare) ?? (ByCommonName.TryGetValue(bare, out var byKey) ? byKey : null);
    }

    /// <summary>"B2", "b02", "B8a" -> "B02", "B8A"; null when not a Sentinel-2 band name.</summary>
    private static string? Canonical(string name)
    {
        var m = BandName().Match(name);
        if (!m.Success) return null;
        if (m.Groups["a"].Success) return "B8A";
        var n = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        return n is >= 1 and <= 12 ? $"B{n:00}" : null;
    }

    /// <summary>Lower is better: GeoTIFF before JPEG 2000, then the finer resolution.</summary>
    private static int Rank(StacAsset asset)
    {
        var tiff = asset.MediaType?.Contains("tiff", StringComparison.OrdinalIgnoreCase) == true
                   || asset.Href.EndsWith(".tif", StringComparison.OrdinalIgnoreCase);
        var gsd = asset.Gsd ?? (ResolutionSuffix().Match(asset.Key) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 100);
        return (tiff ? 0 : 1000) + (int)Math.Round(gsd);
    }

    private static int Order(string band) => band == "B8A" ? 85 : int.Parse(band[1..], CultureInfo.InvariantCulture) * 10;

    [GeneratedRegex(@"^[Bb](?:(?<a>8[Aa])|(?<n>\d{1,2}))$")]
    private static partial Regex BandName();

    [GeneratedRegex(@"(_\d+m|-jp2|-cog|-tif)$", RegexOptions.IgnoreCase)]
    private static partial Regex KeySuffix();

    [GeneratedRegex(@"_(\d+)m$")]
    private static partial Regex ResolutionSuffix();
}
