namespace CloudMask.Nn.Optim;

/// <summary>SGD hyper-parameters (torch.optim.SGD's defaults, stated here once). The learning rate
/// has no sensible default and must be given.</summary>
public sealed record SgdOptions
{
    public required float LearningRate { get; init; }
    public float Momentum { get; init; }
    public float Dampening { get; init; }
    public float WeightDecay { get; init; }
    public bool Nesterov { get; init; }

    public void Validate()
    {
        if (!(LearningRate >= 0) || !float.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be finite and >= 0.");
        if (!(Momentum >= 0)) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Must be >= 0.");
        if (!(Dampening >= 0 && Dampening <= 1)) throw new ArgumentOutOfRangeException(nameof(Dampening), Dampening, "Must be in [0, 1].");
        if (!(WeightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Must be >= 0.");
        if (Nesterov && (Momentum <= 0 || Dampening != 0)) throw new ArgumentException("Nesterov momentum needs momentum > 0 and zero dampening.");
    }
}
