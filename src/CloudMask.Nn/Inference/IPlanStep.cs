namespace CloudMask.Nn.Inference;

/// <summary>One step of a compiled inference plan, executed in order.</summary>
internal interface IPlanStep : IDisposable
{
    void Execute();

    /// <summary>What ran, for <see cref="InferenceSession.Describe"/>.</summary>
    string Description { get; }
}
