namespace CloudMask.TestSupport;

/// <summary>
/// Thrown to skip a running test with a reason. xunit 2.9 reports a test that throws an exception
/// whose message starts with "$XunitDynamicSkip$" as skipped (used with [SkippableFact]-free code
/// through <c>Assert.Skip</c>'s convention).
/// </summary>
public sealed class SkipException : Exception
{
    private SkipException(string reason) : base("$XunitDynamicSkip$" + reason) { }

    public static SkipException Because(string reason) => new(reason);
}
