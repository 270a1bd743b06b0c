namespace CloudMask.Masking.Data;

/// <summary>
/// A finite, indexable set of labelled samples for training and validation: chip folders,
/// the simulator (CloudMask.Simulation's SimulatedSampleSource), or anything else. Loading the
/// same index twice gives the same sample; implementations may cache.
/// </summary>
public interface ISampleSource
{
    /// <summary>What the source holds, for logs and the model's training record.</summary>
    string Description { get; }

    int Count { get; }

    /// <summary>The sample at <paramref name="index"/> (0 &lt;= index &lt; Count). Must be safe to call from several threads.</summary>
    LabelledSample Load(int index);
}
