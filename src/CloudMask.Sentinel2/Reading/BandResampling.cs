using CloudMask.Raster;

namespace CloudMask.Sentinel2.Reading;

/// <summary>
/// How bands whose native resolution differs from the stack's are brought onto its grid. Nearest,
/// Bilinear and BlackmanSinc are computed in managed code from the one native-resolution read each
/// strip needs anyway (floating point, strip-invariant); Cubic, Lanczos and Average ask GDAL's RasterIO
/// to resample, which rounds results to whole DNs because it works in the file's integer type.
/// </summary>
public enum BandResampling
{
    /// <summary>Nearest neighbour: repeats 20/60 m pixels (blocky, exact DNs).</summary>
    Nearest,

    /// <summary>Bilinear (the default): smooth, cheap, what most tools use; same weights as GDAL's bilinear.</summary>
    Bilinear,

    /// <summary>GDAL cubic convolution.</summary>
    Cubic,

    /// <summary>GDAL Lanczos (3 lobes).</summary>
    Lanczos,

    /// <summary>GDAL average: the right choice when going to a coarser grid (10 m bands at 20/60 m).</summary>
    Average,

    /// <summary>
    /// Blackman-windowed sinc with 4 lobes, computed in managed code: the filter KappaMask used
    /// (GraphicsMagick "Sinc") when it resampled 20/60 m bands to 10 m, so models trained on its
    /// inputs see the same sharpness.
    /// </summary>
    BlackmanSinc,
}

internal static class BandResamplings
{
    public static Resampling ToGdal(this BandResampling r) => r switch
    {
        BandResampling.Cubic => Resampling.Cubic,
        BandResampling.Lanczos => Resampling.Lanczos,
        BandResampling.Average => Resampling.Average,
        _ => throw new ArgumentOutOfRangeException(nameof(r), r, "not a GDAL resampling"),
    };
}
