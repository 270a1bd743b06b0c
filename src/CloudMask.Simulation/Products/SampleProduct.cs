using CloudMask.Sentinel2.Layout;
using CloudMask.Simulation.Scenes;

namespace CloudMask.Simulation.Products;

/// <summary>
/// The built-in demo input: a small simulated Sentinel-2 L1C product (1098 x 1098 px at 10 m,
/// a tenth of a tile, baseline 05.09 with the -1000 offset) over farmland with cumulus, cirrus, thin cloud
/// and their shadows. Always the same pixels. Takes a few seconds on two cores.
/// </summary>
public static class SampleProduct
{
    // Chosen from a scan of seeds: about 10 % thick cloud, 15 % cirrus and thin cloud, 8 % shadow, the rest clear farmland.
    public const int Seed = 20240615;

    public static ProductRequest Request { get; } = new(
        Seed,
        ProductLevel.L1C,
        Size: 1098,
        Baseline: new ProcessingBaseline(5, 9),
        Kind: SceneKind.Agriculture,
        Regime: "mixed",
        PartialTileChance: 0);

    /// <summary>Writes the sample into <paramref name="outputDirectory"/> (NAME.SAFE plus NAME.label.tif).</summary>
    /// <returns>Where it went; open <see cref="SimulatedProduct.MetadataPath"/> or the .SAFE folder.</returns>
    /// <param name="opticalDepth">Also write NAME.optical-depth.tif (<see cref="ProductRequest.OpticalDepth"/>).</param>
    public static SimulatedProduct Create(string outputDirectory, bool overwrite = false, Action<string, double>? progress = null, bool opticalDepth = false) =>
        SafeProductWriter.Write(Request with { OpticalDepth = opticalDepth }, outputDirectory, overwrite, progress);

    /// <summary>Returns the sample in <paramref name="cacheDirectory"/>, creating it only if it is not there yet.</summary>
    public static string GetOrCreate(string cacheDirectory, Action<string, double>? progress = null)
    {
        var name = new ProductIdentity(Request).Name.SafeFolderName;
        var existing = Path.Combine(cacheDirectory, name);
        if (File.Exists(Path.Combine(existing, "MTD_MSIL1C.xml")) && File.Exists(Path.Combine(existing, "manifest.safe"))) return existing;
        return Create(cacheDirectory, overwrite: true, progress).ProductPath;
    }
}
