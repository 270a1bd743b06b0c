using System.Globalization;
using System.Text.RegularExpressions;

namespace CloudMask.Sentinel2.Layout;

/// <summary>
/// ESA processing baseline, "MM.mm" in the metadata (PROCESSING_BASELINE) and "NMMmm" in product names.
/// It decides the radiometry: from 04.00 (products since 25 January 2022) DNs carry an additive
/// offset (RADIO_ADD_OFFSET / BOA_ADD_OFFSET, -1000) before division by the quantification value.
/// </summary>
public readonly partial record struct ProcessingBaseline(int Major, int Minor) : IComparable<ProcessingBaseline>
{
    /// <summary>04.00: the first baseline with radiometric offsets.</summary>
    public static readonly ProcessingBaseline OffsetIntroduced = new(4, 0);

    /// <summary>99.99: what Sen2Cor writes into L2A products processed by users; radiometry follows the XML.</summary>
    public static readonly ProcessingBaseline UserProcessed = new(99, 99);

    /// <summary>True where ESA products of this baseline carry the -1000 offset. The metadata XML is
    /// still the authority; this tells a reader which products must have the offset list.</summary>
    public bool ExpectsRadiometricOffset => this >= OffsetIntroduced && this != UserProcessed;

    /// <summary>
    /// True for baselines the reader knows the layout of: 00.01 (ESA's L2A reprocessing), 02.00-02.99,
    /// 03.xx, 04.xx, 05.xx and 99.99 (Sen2Cor run by a user).
    /// </summary>
    public bool IsKnown => this == new ProcessingBaseline(0, 1) || (Major is >= 2 and <= 5) || this == UserProcessed;

    public int CompareTo(ProcessingBaseline other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(ProcessingBaseline a, ProcessingBaseline b) => a.CompareTo(b) < 0;
    public static bool operator >(ProcessingBaseline a, ProcessingBaseline b) => a.CompareTo(b) > 0;
    public static bool operator <=(ProcessingBaseline a, ProcessingBaseline b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ProcessingBaseline a, ProcessingBaseline b) => a.CompareTo(b) >= 0;

    /// <summary>"04.00".</summary>
    public override string ToString() => $"{Major:00}.{Minor:00}";

    /// <summary>"N0400", as in product names.</summary>
    public string ToProductNameToken() => $"N{Major:00}{Minor:00}";

    /// <summary>Parses "04.00", "4.0", "N0400", "0400" or "N04.00" (the granule identifier suffix). Never throws.</summary>
    public static bool TryParse(string? text, out ProcessingBaseline baseline)
    {
        baseline = default;
        if (text is null) return false;
        var m = Pattern().Match(text.Trim());
        if (!m.Success) return false;
        baseline = new ProcessingBaseline(
            int.Parse(m.Groups["major"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["minor"].Value, CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>Parses like <see cref="TryParse"/> or throws <see cref="FormatException"/> quoting the text.</summary>
    public static ProcessingBaseline Parse(string text) =>
        TryParse(text, out var b) ? b : throw new FormatException($"'{text}' is not a processing baseline (expected MM.mm, e.g. 04.00, or N0400).");

    [GeneratedRegex(@"^N?(?:(?<major>\d{2})(?<minor>\d{2})|(?<major>\d{1,2})\.(?<minor>\d{1,2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
