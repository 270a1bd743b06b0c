using CloudMask.Raster;

namespace CloudMask.Simulation.Products;

/// <summary>What one image file of a product holds.</summary>
internal enum LayerKind { Spectral, Aot, Wvp, Scl, Cld, Snw, Tci }

/// <summary>
/// One image file to write at one resolution: its SAFE-relative path, what it holds and, for
/// spectral bands and TCI, which of the renderer's bands feed it.
/// </summary>
internal sealed record OutputLayer(string RelativePath, LayerKind Kind, int[] SensorBands)
{
    public RasterDataType DataType => Kind is LayerKind.Spectral or LayerKind.Aot or LayerKind.Wvp ? RasterDataType.UInt16 : RasterDataType.Byte;

    public int BandCount => Kind == LayerKind.Tci ? 3 : 1;

    public static OutputLayer Spectral(string path, int sensorBand) => new(path, LayerKind.Spectral, [sensorBand]);

    public static OutputLayer Other(string path, LayerKind kind) => new(path, kind, []);

    public static OutputLayer TrueColour(string path, int red, int green, int blue) => new(path, LayerKind.Tci, [red, green, blue]);
}
