namespace CloudMask.Raster;

/// <summary>Pixel types, numbered as GDALDataType.</summary>
public enum RasterDataType
{
    Unknown = 0,
    Byte = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Float64 = 7,
}

internal static class RasterDataTypes
{
    /// <summary>The GDAL type matching the managed element type of a buffer.</summary>
    public static RasterDataType Of<T>() where T : unmanaged => default(T) switch
    {
        byte => RasterDataType.Byte,
        ushort => RasterDataType.UInt16,
        short => RasterDataType.Int16,
        uint => RasterDataType.UInt32,
        int => RasterDataType.Int32,
        float => RasterDataType.Float32,
        double => RasterDataType.Float64,
        _ => throw new NotSupportedException($"no GDAL pixel type for {typeof(T).Name}"),
    };
}
