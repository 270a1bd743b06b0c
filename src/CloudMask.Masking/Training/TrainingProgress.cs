namespace CloudMask.Masking.Training;

/// <summary>Validation numbers after an epoch.</summary>
public sealed record ValidationMetrics(double Loss, double OverallAccuracy, double MeanDice, double CloudDice, double ShadowDice);

/// <summary>Where a run stands, reported after every step (Validation after the epoch's last one).</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Step, int StepsPerEpoch, double TrainLoss, float LearningRate,
    TimeSpan Elapsed, ValidationMetrics? Validation = null, string? Event = null);

/// <summary>How a run ended.</summary>
public sealed record TrainingResult(int EpochsRun, double BestValidationLoss, int BestEpoch, string BestWeightsPath, TimeSpan Elapsed,
    double SecondsPerStep, string StopReason);
