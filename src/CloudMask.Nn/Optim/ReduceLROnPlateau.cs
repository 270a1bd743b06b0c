namespace CloudMask.Nn.Optim;

/// <summary>Multiplies the learning rate by <see cref="Factor"/> when the monitored metric (lower
/// is better) has not improved by a relative <see cref="Threshold"/> for more than
/// <see cref="Patience"/> epochs, then waits <see cref="Cooldown"/> epochs (torch's mode='min',
/// threshold_mode='rel'). KappaMask used factor 0.5, patience 20.</summary>
public sealed class ReduceLROnPlateau
{
    private readonly Optimizer optimizer;
    private int badEpochs;
    private int cooldownLeft;

    public ReduceLROnPlateau(Optimizer optimizer, float factor = 0.1f, int patience = 10, float threshold = 1e-4f, int cooldown = 0, float minLearningRate = 0f)
    {
        this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        if (!(factor > 0 && factor < 1)) throw new ArgumentOutOfRangeException(nameof(factor), "Must be in (0, 1).");
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience));
        if (!(threshold >= 0)) throw new ArgumentOutOfRangeException(nameof(threshold));
        if (cooldown < 0) throw new ArgumentOutOfRangeException(nameof(cooldown));
        if (!(minLearningRate >= 0)) throw new ArgumentOutOfRangeException(nameof(minLearningRate));
        Factor = factor; Patience = patience; Threshold = threshold; Cooldown = cooldown; MinLearningRate = minLearningRate;
    }

    public float Factor { get; }
    public int Patience { get; }
    public float Threshold { get; }
    public int Cooldown { get; }
    public float MinLearningRate { get; }
    public double Best { get; private set; } = double.PositiveInfinity;

    /// <summary>Records one epoch's metric; returns true when the learning rate was reduced.</summary>
    public bool Step(double metric)
    {
        if (metric < Best * (1 - Threshold)) { Best = metric; badEpochs = 0; }
        else badEpochs++;
        if (cooldownLeft > 0) { cooldownLeft--; badEpochs = 0; }
        if (badEpochs <= Patience) return false;
        var reduced = Math.Max(MinLearningRate, optimizer.LearningRate * Factor);
        badEpochs = 0;
        cooldownLeft = Cooldown;
        if (optimizer.LearningRate - reduced <= 1e-12f) return false;
        optimizer.LearningRate = reduced;
        return true;
    }
}
