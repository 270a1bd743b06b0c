using CloudMask.Raster;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Data;

/// <summary>
/// A labelled sample's planes seen as an <see cref="ISpectralSource"/>, so analyses predict
/// chips already in memory through the same tiled predictor (and nodata handling) as `predict`.
/// Reflectance 0 in every band is the simulator's and chip format's nodata: it reads as NaN.
/// </summary>
public sealed class SampleSpectralSource(LabelledSample sample, float[][]? planes = null) : ISpectralSource
{
    private readonly float[][] _planes = planes ?? sample.Planes;

    public string Path => sample.Name;
    public int Width => sample.Width;
    public int Height => sample.Height;
    public GeoTransform? GeoTransform => null;
    public string? Crs => null;
    public IReadOnlyList<SpectralBand> SpectralBands => sample.Bands;

    public void ReadReflectance(int band, Window window, Span<float> destination)
    {
        for (var row = 0; row < window.Height; row++)
            for (var col = 0; col < window.Width; col++)
            {
                var i = (window.Y + row) * sample.Width + window.X + col;
                var v = _planes[band][i];
                // A pixel whose label says "missing" has no data; so do NaNs.
                destination[row * window.Width + col] = sample.Labels[i] == 0 || float.IsNaN(v) ? float.NaN : v;
            }
    }
}
