namespace CloudMask.Raster.Spectral;

/// <summary>
/// A view of an <see cref="ISpectralSource"/> that shows only some of its bands, so a model can
/// be run (and scored) as if the input had only those: RGB from a phone-like sensor, or the
/// four bands a STAC user downloaded. Reads go straight to the wrapped source.
/// </summary>
public sealed class BandSubset : ISpectralSource
{
    private readonly ISpectralSource source;
    private readonly int[] indices;

    public BandSubset(ISpectralSource source, IReadOnlyList<int> indices)
    {
        if (indices.Count == 0) throw new ArgumentException("a band subset needs at least one band", nameof(indices));
        foreach (var i in indices) ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)i, (uint)source.SpectralBands.Count, nameof(indices));
        this.source = source;
        this.indices = indices.ToArray();
        SpectralBands = this.indices.Select(i => source.SpectralBands[i]).ToArray();
    }

    public string Path => source.Path;
    public int Width => source.Width;
    public int Height => source.Height;
    public GeoTransform? GeoTransform => source.GeoTransform;
    public string? Crs => source.Crs;
    public IReadOnlyList<SpectralBand> SpectralBands { get; }

    public void ReadReflectance(int band, Window window, Span<float> destination) =>
        source.ReadReflectance(indices[band], window, destination);
}
