using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Models;

/// <summary>
/// A model that gives every pixel of a tile a probability for each predicted class
/// (<see cref="Classes.MaskClasses.Predicted"/>: clear, cloud shadow, semi-transparent cloud, cloud).
/// </summary>
public interface ISegmentationModel
{
    /// <summary>Identifier written into outputs, e.g. "hollstein-2016" or "cloudmask-any@1".</summary>
    string Id { get; }

    /// <summary>Pixels of context each side a prediction depends on (0 for per-pixel models);
    /// tiled inference overlaps tiles by at least this much.</summary>
    int ContextPixels { get; }

    /// <summary>Null when the input has what the model needs, else a sentence saying what is missing.</summary>
    string? CheckBands(IReadOnlyList<SpectralBand> bands);

    /// <summary>
    /// Writes class probabilities for every pixel: <paramref name="probabilities"/> holds
    /// 4 planes (clear, shadow, semi-transparent, cloud) of tile.Width x tile.Height values.
    /// Pixels with no data may get any values; the caller masks them.
    /// </summary>
    void Predict(SpectralTile tile, Span<float> probabilities);
}
