using CloudMask.Raster;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Inputs;

/// <summary>Opens whatever a user points CloudMask at as an <see cref="ISpectralSource"/>.</summary>
public static class SceneInputs
{
    /// <summary>An opened input: the source to read, metadata worth reporting, and what to dispose.</summary>
    public sealed record OpenedInput(ISpectralSource Source, IReadOnlyDictionary<string, string> Metadata, IDisposable Owner) : IDisposable
    {
        public void Dispose() => Owner.Dispose();
    }

    /// <summary>
    /// Opens a Sentinel-2 product (.SAFE folder, .zip, MTD_MSIL*.xml) at 10 m, or a GeoTIFF band
    /// stack (or any GDAL raster with named bands).
    /// </summary>
    public static OpenedInput Open(string path)
    {
        if (Sentinel2.Sentinel2Product.LooksLikeProduct(path))
        {
            var product = new ProductSource(path);
            return new OpenedInput(product, product.Metadata(), product);
        }
        var stack = BandStack.Open(path);
        var metadata = new Dictionary<string, string>
        {
            ["format"] = stack.Dataset.DriverName,
            ["bands"] = string.Join(",", stack.Bands.Select(b => $"{b.Name}:{b.IdentifiedBy}")),
        };
        return new OpenedInput(stack, metadata, stack);
    }
}
