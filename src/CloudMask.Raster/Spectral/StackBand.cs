namespace CloudMask.Raster.Spectral;

/// <summary>A band of a <see cref="BandStack"/>: what it is spectrally and how to read it as reflectance.</summary>
public sealed record StackBand(
    int SourceIndex,
    SpectralBand Spectral,
    RasterDataType DataType,
    ReflectanceEncoding Encoding,
    double? NoData,
    string IdentifiedBy)
{
    public string Name => Spectral.Name;
}
