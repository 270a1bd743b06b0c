namespace CloudMask.Masking.Training;

/// <summary>Validation numbers after an epoch. Loss and <see cref="ChipDice"/> weigh each chip by its
/// batch weight (sources as in training); accuracy and the dice scores pool all pixels.</summary>
/// <param name="ChipDice">Per chip, the mean dice over the classes in its label or its prediction
/// (a class predicted where none is scores 0), averaged over chips by weight.</param>
public sealed record ValidationMetrics(double Loss, double OverallAccuracy, double MeanDice, double CloudDice, double ShadowDice, double ChipDice = double.NaN);

/// <summary>What picks best.safetensors, halves the learning rate on plateaus and stops early.</summary>
public enum CheckpointMetric
{
    /// <summary>The validation loss (lower is better).</summary>
    Loss,
    /// <summary><see cref="ValidationMetrics.ChipDice"/> (higher is better): what evaluation reports,
    /// without the loss's blow-ups on a few confidently wrong pixels.</summary>
    ChipDice,
}

/// <summary>Where a run stands, reported after every step (Validation after the epoch's last one).</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Step, int StepsPerEpoch, double TrainLoss, float LearningRate,
    TimeSpan Elapsed, ValidationMetrics? Validation = null, string? Event = null);

/// <summary>How a run ended. <see cref="BestValidationLoss"/> is the best selection score: the
/// validation loss, or 1 - chip dice with <see cref="CheckpointMetric.ChipDice"/>.</summary>
public sealed record TrainingResult(int EpochsRun, double BestValidationLoss, int BestEpoch, string BestWeightsPath, TimeSpan Elapsed,
    double SecondsPerStep, string StopReason)
{
    /// <summary>The weight average, when the run kept one (<see cref="TrainingOptions.AverageFromEpoch"/>).</summary>
    public AveragedWeights? Average { get; init; }
}

/// <summary>The mean of the weights at the end of epochs <paramref name="FirstEpoch"/>..<paramref name="LastEpoch"/>, and its validation.</summary>
public sealed record AveragedWeights(string Path, int Epochs, int FirstEpoch, int LastEpoch, ValidationMetrics Validation);
