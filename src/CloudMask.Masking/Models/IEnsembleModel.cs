namespace CloudMask.Masking.Models;

/// <summary>
/// A model that averages several passes (test-time augmentation, Monte-Carlo samples). Besides
/// the mean probabilities it gives the mean over passes of each pass's entropy, so that the
/// mutual information (disagreement between passes) can be computed after tiles are blended.
/// </summary>
public interface IEnsembleModel : ISegmentationModel
{
    int Passes { get; }

    /// <summary>Writes 4 planes of mean probabilities and 1 plane of mean per-pass entropy (nats).</summary>
    void Predict(SpectralTile tile, Span<float> meanProbabilities, Span<float> meanPassEntropy);
}
