using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Models;

/// <summary>
/// A model whose work is one network run on a tile (cloudmask-any, kappamask-unet): what that
/// network reads, so that another engine (ONNX Runtime, in CloudMask.Onnx) can run the same
/// network on the same tiles of the same <see cref="Inference.TiledPredictor"/>. The other engine
/// builds its input with <see cref="NetworkTile.Fill"/> from <see cref="NetworkBands"/> (reflectance,
/// unscaled, padded to <see cref="SizeMultiple"/>) and crops its answer with <see cref="NetworkTile.Crop"/>.
/// </summary>
public interface INetworkModel : ISegmentationModel
{
    /// <summary>Tile sides are padded (by mirroring) to a multiple of this before the network.</summary>
    int SizeMultiple { get; }

    /// <summary>The indices into <paramref name="bands"/> of the planes the network reads, in its
    /// input order; call only for bands <see cref="ISegmentationModel.CheckBands"/> accepted.</summary>
    IReadOnlyList<int> NetworkBands(IReadOnlyList<SpectralBand> bands);
}
