using System.Globalization;

namespace CloudMask.Nn.Models;

/// <summary>Hyper-parameters of <see cref="UNet"/>. The defaults live here and only here.</summary>
public sealed record UNetOptions
{
    public const string ArchitectureName = "unet";

    public required int InChannels { get; init; }
    public required int Classes { get; init; }
    public int BaseFilters { get; init; } = 32;
    /// <summary>Resolution levels including the bottom one (5 = four poolings, as KappaMask).</summary>
    public int Levels { get; init; } = 5;
    public bool BatchNorm { get; init; }
    /// <summary>Dropout after the blocks of the two deepest levels (KappaMask: 0.5); 0 disables it.</summary>
    public float DeepDropout { get; init; }
    public int Seed { get; init; }

    public void Validate()
    {
        if (InChannels <= 0) throw new ArgumentOutOfRangeException(nameof(InChannels));
        if (Classes <= 0) throw new ArgumentOutOfRangeException(nameof(Classes));
        if (BaseFilters <= 0) throw new ArgumentOutOfRangeException(nameof(BaseFilters));
        if (Levels is < 1 or > 8) throw new ArgumentOutOfRangeException(nameof(Levels), "Levels must be 1 to 8.");
        if (DeepDropout is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(DeepDropout));
    }

    /// <summary>Input sizes must be multiples of this (each level halves them).</summary>
    public int SizeMultiple => 1 << (Levels - 1);

    /// <summary>The hyper-parameters as string pairs, for a self-describing weights file.</summary>
    public IReadOnlyDictionary<string, string> ToMetadata() => new Dictionary<string, string>
    {
        ["architecture"] = ArchitectureName,
        ["in_channels"] = Str(InChannels),
        ["classes"] = Str(Classes),
        ["base_filters"] = Str(BaseFilters),
        ["levels"] = Str(Levels),
        ["batch_norm"] = BatchNorm ? "true" : "false",
        ["deep_dropout"] = DeepDropout.ToString("R", CultureInfo.InvariantCulture),
    };

    public static UNetOptions FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue("architecture", out var name) || name != ArchitectureName)
            throw new FormatException($"The metadata does not describe a '{ArchitectureName}' (architecture = '{name}').");
        int Int(string key) => metadata.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : throw new FormatException($"Metadata lacks '{key}'.");
        var options = new UNetOptions
        {
            InChannels = Int("in_channels"), Classes = Int("classes"), BaseFilters = Int("base_filters"), Levels = Int("levels"),
            BatchNorm = metadata.TryGetValue("batch_norm", out var bn) && bn == "true",
            DeepDropout = metadata.TryGetValue("deep_dropout", out var d) ? float.Parse(d, CultureInfo.InvariantCulture) : 0f,
        };
        options.Validate();
        return options;
    }

    private static string Str(int v) => v.ToString(CultureInfo.InvariantCulture);
}
