using System.Globalization;
using CloudMask.Nn.Models;

namespace CloudMask.Masking.Models;

/// <summary>The two input band sets of KappaMask (field notes section 1).</summary>
public enum KappaMaskBandSet
{
    /// <summary>B01-B12 with B8A and B10: 13 top-of-atmosphere bands.</summary>
    L1C13,
    /// <summary>AOT, B01-B12 with B8A, without B10, WVP: 14 layers.</summary>
    L2A14,
}

/// <summary>
/// Hyper-parameters of the KappaMask U-Net (paper Fig. 4): 5-7 levels, 32/64/128 base filters
/// (the paper's 64 gives 31 M parameters), optional batch norm (the paper has none), dropout
/// 0.5 in the two deepest levels. Inputs are min-max normalised with min 0 and KappaMask's
/// per-band maxima.
/// </summary>
public sealed record KappaMaskUNetOptions
{
    public const string ArchitectureName = "kappamask-unet";

    public KappaMaskBandSet BandSet { get; init; } = KappaMaskBandSet.L1C13;
    public int Levels { get; init; } = 5;
    public int BaseFilters { get; init; } = 64;
    public bool BatchNorm { get; init; }
    public int Seed { get; init; }

    public IReadOnlyList<string> BandNames => BandSet == KappaMaskBandSet.L1C13 ? L1CBands : L2ABands;

    /// <summary>The reflectance that maps to 1 for each band of <see cref="BandNames"/>.</summary>
    public IReadOnlyList<float> BandMaxima => BandSet == KappaMaskBandSet.L1C13 ? L1CMaxima : L2AMaxima;

    private static readonly string[] L1CBands = ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11", "B12"];
    private static readonly string[] L2ABands = ["AOT", "B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B11", "B12", "WVP"];

    // KappaMask's L1C U-Net maxima (field notes section 1).
    private static readonly float[] L1CMaxima = [0.21f, 0.326f, 0.264f, 0.298f, 0.245f, 0.258f, 0.266f, 0.364f, 0.259f, 0.165f, 0.055f, 0.203f, 0.208f];

    // The L2A maxima are not in the field notes: the L1C maxima of the same bands are used, and
    // AOT (optical thickness, ~0-1) and WVP (cm, ~0-6) get their physical ranges. An assumption.
    private static readonly float[] L2AMaxima = [1f, 0.21f, 0.326f, 0.264f, 0.298f, 0.245f, 0.258f, 0.266f, 0.364f, 0.259f, 0.165f, 0.203f, 0.208f, 6f];

    public void Validate()
    {
        if (Levels is < 5 or > 7) throw new ArgumentOutOfRangeException(nameof(Levels), Levels, "KappaMask's U-Net has 5 to 7 levels");
        if (BaseFilters is not (32 or 64 or 128)) throw new ArgumentOutOfRangeException(nameof(BaseFilters), BaseFilters, "KappaMask's U-Net has 32, 64 or 128 base filters");
        if (!Enum.IsDefined(BandSet)) throw new ArgumentOutOfRangeException(nameof(BandSet));
    }

    public UNetOptions ToUNetOptions() => new()
    {
        InChannels = BandNames.Count, Classes = 4, BaseFilters = BaseFilters, Levels = Levels,
        BatchNorm = BatchNorm, DeepDropout = 0.5f, Seed = Seed,
    };

    public IReadOnlyDictionary<string, string> ToMetadata() => new Dictionary<string, string>
    {
        ["architecture"] = ArchitectureName,
        ["band_set"] = BandSet.ToString(),
        ["levels"] = Levels.ToString(CultureInfo.InvariantCulture),
        ["base_filters"] = BaseFilters.ToString(CultureInfo.InvariantCulture),
        ["batch_norm"] = BatchNorm ? "true" : "false",
    };

    public static KappaMaskUNetOptions FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue("architecture", out var name) || name != ArchitectureName)
            throw new FormatException($"the weights do not describe '{ArchitectureName}' (architecture = '{name}')");
        string Get(string key) => metadata.TryGetValue(key, out var v) ? v : throw new FormatException($"the weights' metadata lacks '{key}'");
        var options = new KappaMaskUNetOptions
        {
            BandSet = Enum.Parse<KappaMaskBandSet>(Get("band_set"), ignoreCase: true),
            Levels = int.Parse(Get("levels"), CultureInfo.InvariantCulture),
            BaseFilters = int.Parse(Get("base_filters"), CultureInfo.InvariantCulture),
            BatchNorm = Get("batch_norm") == "true",
        };
        options.Validate();
        return options;
    }
}
