namespace CloudMask.Masking.Classes;

/// <summary>
/// The class codes of another mask product, and how each maps to <see cref="MaskClass"/>
/// (KappaMask paper, Table 1). Every comparison with an external mask goes through these tables,
/// so a mapping is defined in exactly one place.
/// </summary>
public sealed class ExternalMaskScheme
{
    private readonly MaskClass[] _map; // index: external code 0..255

    private ExternalMaskScheme(string name, string description, IReadOnlyDictionary<int, MaskClass> codes)
    {
        Name = name;
        Description = description;
        _map = Enumerable.Repeat(MaskClass.Undefined, 256).ToArray();
        foreach (var (code, c) in codes) _map[code] = c;
        Codes = codes;
    }

    public string Name { get; }
    public string Description { get; }

    /// <summary>The external codes this scheme defines; any other code maps to Undefined (ignored).</summary>
    public IReadOnlyDictionary<int, MaskClass> Codes { get; }

    public MaskClass Map(byte code) => _map[code];

    /// <summary>Maps a whole mask in place into project codes.</summary>
    public void MapInPlace(Span<byte> mask)
    {
        foreach (ref var v in mask) v = (byte)_map[v];
    }

    /// <summary>Already in project codes (0 missing .. 5 undefined).</summary>
    public static ExternalMaskScheme CloudMask { get; } = new("cloudmask", "CloudMask / KappaMask paper codes (0 missing, 1 clear, 2 shadow, 3 thin, 4 cloud, 5 undefined)", new Dictionary<int, MaskClass>
    {
        [0] = MaskClass.Missing, [1] = MaskClass.Clear, [2] = MaskClass.CloudShadow,
        [3] = MaskClass.SemiTransparentCloud, [4] = MaskClass.Cloud, [5] = MaskClass.Undefined,
    });

    /// <summary>KappaZeta's own code, which swaps 0 and 5 (0 undefined, 5 missing).</summary>
    public static ExternalMaskScheme KappaZeta { get; } = new("kappazeta", "KappaZeta code (0 undefined, 5 missing)", new Dictionary<int, MaskClass>
    {
        [0] = MaskClass.Undefined, [1] = MaskClass.Clear, [2] = MaskClass.CloudShadow,
        [3] = MaskClass.SemiTransparentCloud, [4] = MaskClass.Cloud, [5] = MaskClass.Missing,
    });

    /// <summary>Sen2Cor scene classification (SCL); 7 "unclassified" is undefined.</summary>
    public static ExternalMaskScheme Sen2CorScl { get; } = new("scl", "Sen2Cor scene classification layer", new Dictionary<int, MaskClass>
    {
        [0] = MaskClass.Missing, [1] = MaskClass.Missing, [2] = MaskClass.Clear, [3] = MaskClass.CloudShadow,
        [4] = MaskClass.Clear, [5] = MaskClass.Clear, [6] = MaskClass.Clear, [7] = MaskClass.Undefined,
        [8] = MaskClass.Cloud, [9] = MaskClass.Cloud, [10] = MaskClass.SemiTransparentCloud, [11] = MaskClass.Clear,
    });

    /// <summary>Fmask: 0 clear, 1 water, 2 shadow, 3 snow, 4 cloud, 255 fill.</summary>
    public static ExternalMaskScheme Fmask { get; } = new("fmask", "Fmask (0 clear, 1 water, 2 shadow, 3 snow, 4 cloud, 255 fill)", new Dictionary<int, MaskClass>
    {
        [0] = MaskClass.Clear, [1] = MaskClass.Clear, [2] = MaskClass.CloudShadow, [3] = MaskClass.Clear,
        [4] = MaskClass.Cloud, [255] = MaskClass.Missing,
    });

    /// <summary>s2cloudless binary mask: 0 clear, 1 cloud (no shadow, no thin class), 255 nodata.</summary>
    public static ExternalMaskScheme S2Cloudless { get; } = new("s2cloudless", "s2cloudless (0 clear, 1 cloud)", new Dictionary<int, MaskClass>
    {
        [0] = MaskClass.Clear, [1] = MaskClass.Cloud, [255] = MaskClass.Missing,
    });

    /// <summary>CloudSEN12: 0 clear, 1 thick, 2 thin, 3 shadow.</summary>
    public static ExternalMaskScheme CloudSen12 { get; } = new("cloudsen12", "CloudSEN12 (0 clear, 1 thick, 2 thin, 3 shadow)", new Dictionary<int, MaskClass>
    {
        [0] = MaskClass.Clear, [1] = MaskClass.Cloud, [2] = MaskClass.SemiTransparentCloud, [3] = MaskClass.CloudShadow,
    });

    /// <summary>Landsat 8 Biome: 0 fill, 64 shadow, 128 clear, 192 thin, 255 cloud.</summary>
    public static ExternalMaskScheme LandsatBiome { get; } = new("biome", "Landsat 8 Biome (0 fill, 64 shadow, 128 clear, 192 thin, 255 cloud)", new Dictionary<int, MaskClass>
    {
        [0] = MaskClass.Missing, [64] = MaskClass.CloudShadow, [128] = MaskClass.Clear,
        [192] = MaskClass.SemiTransparentCloud, [255] = MaskClass.Cloud,
    });

    public static IReadOnlyList<ExternalMaskScheme> All { get; } =
        [CloudMask, KappaZeta, Sen2CorScl, Fmask, S2Cloudless, CloudSen12, LandsatBiome];

    /// <summary>Finds a scheme by name; an unknown name lists the valid ones.</summary>
    public static ExternalMaskScheme Parse(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown mask scheme '{name}'; valid: {string.Join(", ", All.Select(s => s.Name))}");
}
