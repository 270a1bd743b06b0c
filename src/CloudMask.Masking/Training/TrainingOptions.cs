using CloudMask.Masking.Data;

namespace CloudMask.Masking.Training;

/// <summary>How a training run goes. Defaults follow KappaMask where it published them (Adam,
/// ReduceLROnPlateau factor 0.5, early stopping) scaled to short CPU runs.</summary>
public sealed record TrainingOptions
{
    /// <summary>Folder for best.safetensors, last.safetensors and training-log.csv.</summary>
    public required string OutputFolder { get; init; }
    public int Epochs { get; init; } = 50;
    public int StepsPerEpoch { get; init; } = 50;
    public int BatchSize { get; init; } = 4;
    /// <summary>Side of the square training crops (a multiple of the network's size multiple).</summary>
    public int CropSize { get; init; } = 128;
    public float LearningRate { get; init; } = 1e-3f;
    public LossKind Loss { get; init; } = LossKind.CrossEntropyDice;
    /// <summary>Cross-entropy weights of clear, shadow, semi-transparent, cloud: rarer classes weigh more.</summary>
    public IReadOnlyList<float> ClassWeights { get; init; } = [1f, 3f, 2f, 1f];
    public float PlateauFactor { get; init; } = 0.5f;
    public int PlateauPatience { get; init; } = 4;
    /// <summary>Epochs without a better validation loss before stopping.</summary>
    public int EarlyStoppingPatience { get; init; } = 10;
    /// <summary>Stops after the epoch that crosses it (null: no limit), so runs can be bounded in time.</summary>
    public TimeSpan? TimeLimit { get; init; }
    public int Seed { get; init; } = 1;
    /// <summary>Continue from last.safetensors in <see cref="OutputFolder"/> (weights, epoch, learning rate).</summary>
    public bool Resume { get; init; }
    public Augmentation Augmentation { get; init; } = new();
    /// <summary>Before the first epoch, set batch norm's running statistics to the exact average
    /// over this many training batches (0: keep them). Not on resume: the checkpoint has them.</summary>
    public int BatchNormAverageBatches { get; init; }
    /// <summary>Train with batch norm's running statistics instead of each batch's own (see
    /// <see cref="CloudMask.Nn.Modules.BatchNorm2d.FrozenStatistics"/>): batches drawn from one
    /// source and one band set each have statistics unlike the mixture inference normalises with.</summary>
    public bool FreezeBatchNorm { get; init; }
    /// <summary>The validation number that picks the best checkpoint and drives the plateau and early stopping.</summary>
    public CheckpointMetric SelectBy { get; init; } = CheckpointMetric.Loss;
    /// <summary>From this epoch on, also average the weights at the end of every epoch
    /// (stochastic weight averaging) into average.safetensors; 0: off.</summary>
    public int AverageFromEpoch { get; init; }
    /// <summary>Validate the starting weights (a fine-tune's) before the first epoch and keep them as
    /// best.safetensors, epoch 0, until an epoch validates better: a fine-tune then never hands back
    /// weights that validate worse than those it began with. Off by default, because it also moves
    /// the plateau and early-stopping counts, and the shipped model's recipe ran without it.</summary>
    public bool ValidateStart { get; init; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputFolder)) throw new ArgumentException("an output folder is needed", nameof(OutputFolder));
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "must be at least 1");
        if (StepsPerEpoch < 1) throw new ArgumentOutOfRangeException(nameof(StepsPerEpoch), StepsPerEpoch, "must be at least 1");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "must be at least 1");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be positive");
        if (BatchNormAverageBatches < 0) throw new ArgumentOutOfRangeException(nameof(BatchNormAverageBatches), BatchNormAverageBatches, "must not be negative");
        if (AverageFromEpoch < 0) throw new ArgumentOutOfRangeException(nameof(AverageFromEpoch), AverageFromEpoch, "must not be negative (0: no averaging)");
        if (ClassWeights.Count != 4) throw new ArgumentException("4 class weights are needed (clear, shadow, semi-transparent, cloud)", nameof(ClassWeights));
    }
}
