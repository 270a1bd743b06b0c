namespace CloudMask.Nn.Optim;

/// <summary>Adam/AdamW hyper-parameters; PyTorch's defaults, stated here once.</summary>
public sealed record AdamOptions
{
    /// <summary>AdamW's default decoupled weight decay (torch.optim.AdamW).</summary>
    public const float DefaultAdamWWeightDecay = 0.01f;

    public float LearningRate { get; init; } = 1e-3f;
    public float Beta1 { get; init; } = 0.9f;
    public float Beta2 { get; init; } = 0.999f;
    public float Epsilon { get; init; } = 1e-8f;
    public float WeightDecay { get; init; }
    /// <summary>false: Adam's L2 term added to the gradient; true: AdamW's decay of the weights.</summary>
    public bool DecoupledWeightDecay { get; init; }

    public static AdamOptions AdamW(float learningRate = 1e-3f, float weightDecay = DefaultAdamWWeightDecay) =>
        new() { LearningRate = learningRate, WeightDecay = weightDecay, DecoupledWeightDecay = true };

    public void Validate()
    {
        if (!(LearningRate >= 0) || !float.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be finite and >= 0.");
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "Must be in [0, 1).");
        if (!(Beta2 >= 0 && Beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "Must be in [0, 1).");
        if (!(Epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Must be > 0.");
        if (!(WeightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Must be >= 0.");
    }
}
