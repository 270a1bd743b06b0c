using CloudMask.Sentinel2.Layout;

namespace CloudMask.Sentinel2.Reading;

/// <summary>What band stack to read from a product.</summary>
public sealed record BandStackOptions
{
    /// <summary>Ground sampling of the stack: 10 (default), 20 or 60 m.</summary>
    public int ResolutionM { get; init; } = 10;

    /// <summary>Bands in the order wanted; null = every band of the product's level in band_id order.</summary>
    public IReadOnlyList<MsiBand>? Bands { get; init; }

    /// <summary>How bands of another native resolution are resampled; bilinear by default.</summary>
    public BandResampling Resampling { get; init; } = BandResampling.Bilinear;

    /// <summary>
    /// Rows per strip suggested to callers (<see cref="BandStackReader.StripHeight"/>). Default 512 at
    /// 10 m (256 at 20 m): half a row of the 1024x1024 JPEG 2000 tiles; GDAL's block cache keeps the
    /// decoded tile row for the next strip, so each tile is still decoded once. Memory per strip is
    /// bands x width x rows x 4 bytes (13 x 10980 x 512 x 4 = 290 MB; measured peak of a full 13-band
    /// read 2.3 GB with GDAL's cache, 3.1 GB with 1024 rows).
    /// </summary>
    public int? StripHeight { get; init; }
}
