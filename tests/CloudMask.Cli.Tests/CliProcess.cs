using CloudMask.TestSupport;

namespace CloudMask.Cli.Tests;

/// <summary>Runs the real `cloudmask` program (built next to the tests) as a user would.</summary>
internal static class CliProcess
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "cloudmask.dll");

    public static ExternalTool.Result Run(params string[] arguments) =>
        ExternalTool.Run("dotnet", [Dll, .. arguments], timeoutSeconds: 300);

    /// <summary>Starts the program without waiting, stdout and stderr redirected (for tests that signal it).</summary>
    public static System.Diagnostics.Process Start(params string[] arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Dll);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        return System.Diagnostics.Process.Start(info)!;
    }

    /// <summary>Asserts the failure shape every command promises: non-zero exit, one line naming the file, no stack trace.</summary>
    public static void AssertCleanFailure(ExternalTool.Result result, string path, string reason)
    {
        Assert.NotEqual(0, result.ExitCode);
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{result.StdErr}");
        Assert.StartsWith($"cloudmask: error: {path}: ", lines[0]);
        Assert.Contains(reason, lines[0], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", result.StdErr);
        Assert.Equal("", result.StdOut);
    }
}
