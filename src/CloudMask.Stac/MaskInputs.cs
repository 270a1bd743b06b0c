using CloudMask.Masking.Inference;

namespace CloudMask.Stac;

/// <summary>Turns what a user names (a path, a raster URL, a STAC Item file or URL) into something to mask.</summary>
public static class MaskInputs
{
    /// <summary>
    /// A STAC Item (a .json file, or an http(s) URL that is not a raster file) becomes a
    /// <see cref="StacItemInput"/> (read now); a raster URL is read through GDAL's /vsicurl/; anything
    /// else is a path.
    /// </summary>
    /// <exception cref="StacException">the Item cannot be read.</exception>
    public static IMaskInput Resolve(string input, CancellationToken cancellation = default)
    {
        if (StacItemReader.LooksLikeItem(input)) return StacItemInput.Read(input, cancellation);
        if (StacItemReader.IsHttp(input))
        {
            GdalPaths.UseRemoteReadingDefaults();
            return new UrlInput(input);
        }
        return new PathInput(input);
    }

    /// <summary>A raster at a URL: reported under the URL, read through /vsicurl/.</summary>
    private sealed record UrlInput(string Url) : IMaskInput
    {
        public string Name => Url;
        public string Stem => Masking.Output.OutputNames.Stem(new Uri(Url).AbsolutePath);
        public Masking.Inputs.SceneInputs.OpenedInput Open(int? resolutionM, IReadOnlyList<string>? bandNames) =>
            Masking.Inputs.SceneInputs.Open(GdalPaths.For(Url), resolutionM, bandNames);
    }
}
