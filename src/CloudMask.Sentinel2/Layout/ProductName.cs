using System.Globalization;
using System.Text.RegularExpressions;

namespace CloudMask.Sentinel2.Layout;

/// <summary>
/// The compact product name used since December 2016, e.g.
/// <c>S2A_MSIL1C_20220125T101301_N0400_R022_T32TQM_20220125T121516.SAFE</c>:
/// mission, level, datatake sensing start, processing baseline, relative orbit, MGRS tile and
/// product discriminator (generation time).
/// </summary>
/// <param name="Spacecraft">"2A", "2B", "2C" (or "2D").</param>
/// <param name="Baseline">Null where the name has no N-token (some archives strip it).</param>
public sealed partial record ProductName(
    string Spacecraft,
    ProductLevel Level,
    DateTime SensingStart,
    ProcessingBaseline? Baseline,
    int RelativeOrbit,
    string Tile,
    DateTime Discriminator)
{
    /// <summary>Format of the date-times in product and file names (UTC).</summary>
    public const string DateFormat = "yyyyMMdd'T'HHmmss";

    /// <summary>The name without extension.</summary>
    public override string ToString() =>
        $"S{Spacecraft}_MSI{Level.Code()}_{Format(SensingStart)}_"
        + (Baseline is { } b ? b.ToProductNameToken() + "_" : "")
        + $"R{RelativeOrbit:000}_T{Tile}_{Format(Discriminator)}";

    /// <summary>The .SAFE folder name.</summary>
    public string SafeFolderName => ToString() + ".SAFE";

    /// <summary>
    /// Parses a compact name from a name or path (".SAFE", ".zip" and leading folders are ignored;
    /// a leading prefix such as "esa_" is tolerated). Never throws.
    /// </summary>
    public static bool TryParse(string? nameOrPath, out ProductName name)
    {
        name = null!;
        if (string.IsNullOrWhiteSpace(nameOrPath)) return false;
        var m = CompactPattern().Match(Path.GetFileName(nameOrPath.TrimEnd('/', '\\')));
        if (!m.Success) return false;
        ProductLevels.TryParse(m.Groups["level"].Value, out var level);
        ProcessingBaseline? baseline = null;
        if (m.Groups["baseline"].Success && ProcessingBaseline.TryParse(m.Groups["baseline"].Value, out var b)) baseline = b;
        name = new ProductName(
            m.Groups["spacecraft"].Value,
            level,
            ParseTime(m.Groups["sensing"].Value),
            baseline,
            int.Parse(m.Groups["orbit"].Value, CultureInfo.InvariantCulture),
            m.Groups["tile"].Value,
            ParseTime(m.Groups["discriminator"].Value));
        return true;
    }

    /// <summary>
    /// True for the pre-December-2016 long naming (S2A_OPER_PRD_MSIL1C_PDMC_..., S2A_USER_PRD_MSIL2A_...),
    /// whose products may hold many tiles.
    /// </summary>
    public static bool IsLegacyName(string? nameOrPath) =>
        nameOrPath is not null && LegacyPattern().IsMatch(Path.GetFileName(nameOrPath.TrimEnd('/', '\\')));

    internal static string Format(DateTime t) => t.ToString(DateFormat, CultureInfo.InvariantCulture);

    internal static DateTime ParseTime(string text) =>
        DateTime.ParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    [GeneratedRegex(
        @"(?:^|_)S(?<spacecraft>2[A-D])_MSI(?<level>L1C|L2A)_(?<sensing>\d{8}T\d{6})_(?:N(?<baseline>\d{4})_)?R(?<orbit>\d{3})_T(?<tile>\d{2}[A-Z]{3})_(?<discriminator>\d{8}T\d{6})(?:\.SAFE)?(?:\.zip)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex CompactPattern();

    [GeneratedRegex(@"^S2[A-D]_(?:OPER|USER)_(?:PRD|MTD)_(?:MSIL1C|MSIL2A|SAFL1C|SAFL2A)_", RegexOptions.CultureInvariant)]
    private static partial Regex LegacyPattern();
}
