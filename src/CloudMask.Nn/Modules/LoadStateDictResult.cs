namespace CloudMask.Nn.Modules;

/// <summary>What <see cref="Module.LoadStateDict"/> could not match: keys the module has that the
/// state lacked, and keys the state had that the module does not.</summary>
public sealed record LoadStateDictResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys)
{
    public bool IsExactMatch => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0;
}
