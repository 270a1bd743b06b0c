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

    /// <summary>The pixel sizes a Sentinel-2 product can be stacked at.</summary>
    public static IReadOnlyList<int> ProductResolutions { get; } = [10, 20, 60];

    /// <summary>
    /// Opens a Sentinel-2 product (.SAFE folder, .zip, MTD_MSIL*.xml) at 10 m, or a GeoTIFF band
    /// stack (or any GDAL raster with named bands) at its own pixel size; with
    /// <paramref name="resolutionM"/>, on a grid of that pixel size instead (products: 10, 20 or 60).
    /// <paramref name="bandNames"/> names a band stack's bands in file order (products name their own).
    /// </summary>
    public static OpenedInput Open(string path, int? resolutionM = null, IReadOnlyList<string>? bandNames = null)
    {
        if (Sentinel2.Sentinel2Product.LooksLikeProduct(path))
        {
            if (bandNames is not null)
                throw new ArgumentException($"{path}: band names are for GeoTIFF band stacks; a Sentinel-2 product names its own bands");
            if (resolutionM is { } r && !ProductResolutions.Contains(r))
                throw new ArgumentException($"{path}: a Sentinel-2 product is stacked at 10, 20 or 60 m, not {r} m");
            var product = new ProductSource(path, resolutionM is { } m ? new Sentinel2.Reading.BandStackOptions { ResolutionM = m } : null);
            return new OpenedInput(product, product.Metadata(), product);
        }
        var stack = BandStack.Open(path, bandNames);
        try
        {
            var metadata = new Dictionary<string, string>
            {
                ["format"] = stack.Dataset.DriverName,
                ["bands"] = string.Join(",", stack.Bands.Select(b => $"{b.Name}:{b.IdentifiedBy}")),
            };
            ISpectralSource source = stack;
            if (resolutionM is { } size && !(stack.GeoTransform is { } t && Math.Abs(Math.Abs(t.PixelWidth) - size) < 1e-6 * size))
            {
                source = new ResampledBandStack(stack, size);
                metadata["resampled_to_m"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return new OpenedInput(source, metadata, stack);
        }
        catch
        {
            stack.Dispose();
            throw;
        }
    }
}
