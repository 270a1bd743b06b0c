using System.Globalization;

namespace CloudMask.Masking.Training;

/// <summary>The per-epoch CSV log (training-log.csv): appended, flushed after every line, so a
/// crashed or resumed run keeps its history.</summary>
public sealed class TrainingLog : IDisposable
{
    public const string Header = "epoch,train_loss,val_loss,val_accuracy,val_mean_dice,val_cloud_dice,val_shadow_dice,val_chip_dice,learning_rate,elapsed_s";

    private readonly StreamWriter writer;
    private readonly List<(double Train, double Validation)> losses = [];

    public TrainingLog(string path, bool append)
    {
        var exists = append && File.Exists(path) && new FileInfo(path).Length > 0;
        // A resumed run's curve starts with the epochs already logged.
        if (exists)
            foreach (var line in File.ReadLines(path).Skip(1))
            {
                var fields = line.Split(',');
                if (fields.Length > 2 && double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var train)
                    && double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var validation))
                    losses.Add((train, validation));
            }
        writer = new StreamWriter(path, append);
        if (!exists) writer.WriteLine(Header);
        writer.Flush();
    }

    /// <summary>Training and validation loss per logged epoch, for the loss curve.</summary>
    public IReadOnlyList<(double Train, double Validation)> Losses => losses;

    public void Write(int epoch, double trainLoss, ValidationMetrics validation, float learningRate, TimeSpan elapsed)
    {
        losses.Add((trainLoss, validation.Loss));
        string F(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);
        writer.WriteLine(string.Join(',', epoch.ToString(CultureInfo.InvariantCulture), F(trainLoss), F(validation.Loss), F(validation.OverallAccuracy),
            F(validation.MeanDice), F(validation.CloudDice), F(validation.ShadowDice), F(validation.ChipDice), F(learningRate), F(elapsed.TotalSeconds)));
        writer.Flush();
    }

    public void Dispose() => writer.Dispose();
}
