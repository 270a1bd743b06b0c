namespace CloudMask.Masking.Inference;

/// <summary>What a prediction keeps besides the mask (each extra costs a byte plane per class or pixel).</summary>
[Flags]
public enum PredictionOutputs
{
    Mask = 0,
    Probabilities = 1,
    Uncertainty = 2,
}
