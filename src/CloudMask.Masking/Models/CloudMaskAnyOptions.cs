using System.Globalization;

namespace CloudMask.Masking.Models;

/// <summary>Hyper-parameters of cloudmask-any. The defaults live here and only here; they are
/// written into the weights file so that the file alone rebuilds the network.</summary>
public sealed record CloudMaskAnyOptions
{
    public const string ArchitectureName = "cloudmask-any";

    /// <summary>C: features per band (the encoder gives 2C channels: mean and max over bands).</summary>
    public int BandFeatures { get; init; } = 16;
    /// <summary>Width of the descriptor MLP's hidden layer.</summary>
    public int DescriptorHidden { get; init; } = 64;
    /// <summary>Channels per level of the <see cref="CompactUNet"/> body, finest first.</summary>
    public IReadOnlyList<int> Filters { get; init; } = [16, 32, 64, 96, 128];
    public bool BatchNorm { get; init; } = true;
    public int Classes { get; init; } = 4;
    public int Seed { get; init; }

    /// <summary>Tile sides must be multiples of this (each level halves them).</summary>
    public int SizeMultiple => 1 << (Filters.Count - 1);

    public void Validate()
    {
        if (BandFeatures is < 1 or > 256) throw new ArgumentOutOfRangeException(nameof(BandFeatures), "must be 1..256");
        if (DescriptorHidden is < 1 or > 1024) throw new ArgumentOutOfRangeException(nameof(DescriptorHidden), "must be 1..1024");
        if (Filters.Count is < 1 or > 8 || Filters.Any(f => f < 1)) throw new ArgumentOutOfRangeException(nameof(Filters), "1 to 8 levels of positive widths");
        if (Classes != 4) throw new ArgumentOutOfRangeException(nameof(Classes), "the mask has 4 predicted classes");
    }

    public IReadOnlyDictionary<string, string> ToMetadata() => new Dictionary<string, string>
    {
        ["architecture"] = ArchitectureName,
        ["band_features"] = Str(BandFeatures),
        ["descriptor_hidden"] = Str(DescriptorHidden),
        ["filters"] = string.Join(",", Filters.Select(Str)),
        ["batch_norm"] = BatchNorm ? "true" : "false",
        ["classes"] = Str(Classes),
    };

    public static CloudMaskAnyOptions FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue("architecture", out var name) || name != ArchitectureName)
            throw new FormatException($"the weights do not describe '{ArchitectureName}' (architecture = '{name}')");
        string Get(string key) => metadata.TryGetValue(key, out var v) ? v : throw new FormatException($"the weights' metadata lacks '{key}'");
        var options = new CloudMaskAnyOptions
        {
            BandFeatures = int.Parse(Get("band_features"), CultureInfo.InvariantCulture),
            DescriptorHidden = int.Parse(Get("descriptor_hidden"), CultureInfo.InvariantCulture),
            Filters = Get("filters").Split(',').Select(f => int.Parse(f, CultureInfo.InvariantCulture)).ToArray(),
            BatchNorm = Get("batch_norm") == "true",
            Classes = int.Parse(Get("classes"), CultureInfo.InvariantCulture),
        };
        options.Validate();
        return options;
    }

    private static string Str(int v) => v.ToString(CultureInfo.InvariantCulture);
}
