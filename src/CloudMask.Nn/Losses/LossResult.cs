using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Losses;

/// <summary>A loss value and dLoss/dInput (same shape as the input), ready for Module.Backward.</summary>
public sealed record LossResult(float Value, Tensor Gradient);
