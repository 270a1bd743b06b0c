namespace CloudMask.Sentinel2.Layout;

/// <summary>The three ground samplings of Sentinel-2 products and the tile sizes that go with them.</summary>
public static class MsiResolution
{
    /// <summary>The resolutions in metres a product offers: 10, 20, 60.</summary>
    public static IReadOnlyList<int> All { get; } = [10, 20, 60];

    /// <summary>Width and height in pixels of a full 109.8 km MGRS tile at this resolution.</summary>
    public static int TileSizePixels(int resolutionM) => Validate(resolutionM) switch
    {
        10 => 10980,
        20 => 5490,
        _ => 1830,
    };

    /// <summary>Folder of an L2A band at this resolution: R10m, R20m, R60m.</summary>
    public static string L2AFolder(int resolutionM) => $"R{Validate(resolutionM)}m";

    /// <summary>Returns the resolution, or throws naming the valid ones.</summary>
    public static int Validate(int resolutionM) =>
        resolutionM is 10 or 20 or 60
            ? resolutionM
            : throw new ArgumentOutOfRangeException(nameof(resolutionM), resolutionM, "Sentinel-2 resolutions are 10, 20 and 60 m.");
}
