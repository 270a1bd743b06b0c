namespace CloudMask.Raster.Spectral;

/// <summary>
/// Which bands of an input to use, as a user says it: a preset named after what common sensors
/// and downloads offer (<c>rgb</c>, <c>rgbn</c>, <c>rgbn-swir</c>), picked by wavelength so it
/// works on any sensor, or a comma-separated list of band names (<c>B02,B03,B04,B08</c>).
/// </summary>
public sealed class BandChoice
{
    // Centre wavelengths (um) the presets ask for: blue, green, red, NIR, SWIR 1.6, SWIR 2.2.
    private static readonly Dictionary<string, double[]> Presets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["rgb"] = [0.49, 0.56, 0.665],
        ["rgbn"] = [0.49, 0.56, 0.665, 0.842],
        ["rgbn-swir"] = [0.49, 0.56, 0.665, 0.842, 1.61, 2.19],
        // Sentinel-2's ten 10 m and 20 m bands (B02-B08, B8A, B11, B12), what most L2A
        // downloads and CloudSEN12-style chips hold: no coastal, water-vapour or cirrus band.
        ["s2-10"] = [0.49, 0.56, 0.665, 0.705, 0.74, 0.783, 0.842, 0.865, 1.61, 2.19],
    };

    /// <summary>A wavelength matches when it is within this share of the wanted one (B08 vs OLI B5: 0.842 vs 0.865).</summary>
    private const double Tolerance = 0.15;

    private readonly double[]? wavelengths;
    private readonly string[]? names;

    private BandChoice(string text, double[]? wavelengths, string[]? names) =>
        (Text, this.wavelengths, this.names) = (text, wavelengths, names);

    public string Text { get; }

    public static IReadOnlyCollection<string> PresetNames => Presets.Keys;

    public static BandChoice Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (Presets.TryGetValue(text.Trim(), out var preset)) return new BandChoice(text.Trim(), preset, null);
        var list = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Length == 0) throw new ArgumentException($"--bands '{text}': name bands (B02,B03,B04) or a preset ({string.Join(", ", Presets.Keys)})");
        return new BandChoice(text.Trim(), null, list);
    }

    /// <summary>The indices of the chosen bands in <paramref name="bands"/>; a band that cannot be found is an error naming it.</summary>
    public int[] Select(IReadOnlyList<SpectralBand> bands, string inputPath) =>
        Find(bands, out var missing) ?? throw new ArgumentException(names is not null
            ? $"{inputPath}: has no band {missing} (bands: {string.Join(' ', bands.Select(b => b.Name))})"
            : $"{inputPath}: has no band near {missing} um for --bands {Text}");

    /// <summary>The indices of the chosen bands in <paramref name="bands"/>, or null when one cannot be found.</summary>
    public int[]? TrySelect(IReadOnlyList<SpectralBand> bands) => Find(bands, out _);

    private int[]? Find(IReadOnlyList<SpectralBand> bands, out string? missing)
    {
        var chosen = new List<int>();
        missing = null;
        if (names is not null)
            foreach (var name in names)
            {
                var index = Enumerable.Range(0, bands.Count).FirstOrDefault(i => string.Equals(bands[i].Name, name, StringComparison.OrdinalIgnoreCase), -1);
                if (index < 0) { missing = name; return null; }
                if (!chosen.Contains(index)) chosen.Add(index);
            }
        else
            foreach (var wanted in wavelengths!)
            {
                var index = Enumerable.Range(0, bands.Count).Where(i => !chosen.Contains(i))
                    .OrderBy(i => Math.Abs(bands[i].CentralWavelengthUm - wanted)).FirstOrDefault(-1);
                if (index < 0 || Math.Abs(bands[index].CentralWavelengthUm - wanted) / wanted > Tolerance)
                {
                    missing = wanted.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
                    return null;
                }
                chosen.Add(index);
            }
        return chosen.ToArray();
    }

    /// <summary>The source seen through this choice.</summary>
    public ISpectralSource Apply(ISpectralSource source) => new BandSubset(source, Select(source.SpectralBands, source.Path));
}
