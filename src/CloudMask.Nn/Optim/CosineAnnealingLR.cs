namespace CloudMask.Nn.Optim;

/// <summary>lr(t) = min + (base - min) (1 + cos(pi t / T)) / 2 for t = 0..T, then held at min
/// (torch's closed form of CosineAnnealingLR without restarts). Call Step once per epoch.</summary>
public sealed class CosineAnnealingLR
{
    private readonly Optimizer optimizer;
    private readonly float baseLearningRate;

    public CosineAnnealingLR(Optimizer optimizer, int totalEpochs, float minLearningRate = 0f)
    {
        this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        if (totalEpochs <= 0) throw new ArgumentOutOfRangeException(nameof(totalEpochs));
        if (!(minLearningRate >= 0) || minLearningRate > optimizer.LearningRate)
            throw new ArgumentOutOfRangeException(nameof(minLearningRate), "Must be in [0, the optimiser's learning rate].");
        TotalEpochs = totalEpochs; MinLearningRate = minLearningRate;
        baseLearningRate = optimizer.LearningRate;
    }

    public int TotalEpochs { get; }
    public float MinLearningRate { get; }
    public int Epoch { get; private set; }

    public void Step()
    {
        Epoch++;
        var t = Math.Min(Epoch, TotalEpochs);
        optimizer.LearningRate = (float)(MinLearningRate + (baseLearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * t / TotalEpochs)) / 2);
    }
}
