using System.CommandLine;

namespace CloudMask.Cli;

/// <summary>
/// Runs the parsed command and turns every failure into one line on stderr and an exit code:
/// users never see a stack trace (set CLOUDMASK_DEBUG=1 to get one).
/// </summary>
internal static class CommandRunner
{
    public static int Run(RootCommand root, string[] args)
    {
        var parseResult = root.Parse(args);
        try
        {
            // On Ctrl-C the running command sees its cancellation token, stops at the next tile and
            // deletes what it had written; the generous timeout lets it finish that clean-up.
            return parseResult.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = TimeSpan.FromSeconds(60),
            });
        }
        catch (Exception e)
        {
            return ErrorReport.Print(e, Console.Error);
        }
    }
}

/// <summary>Maps exceptions to messages and exit codes (sysexits-style for the rare ones).</summary>
internal static class ErrorReport
{
    public const int InputOrOutputError = 1;
    public const int MissingSystemLibrary = 69;
    public const int InternalError = 70;
    public const int Interrupted = 130;

    public static int Print(Exception e, TextWriter error)
    {
        var (code, message) = Classify(e);
        error.WriteLine($"cloudmask: error: {OneLine(message)}");
        if (Environment.GetEnvironmentVariable("CLOUDMASK_DEBUG") == "1") error.WriteLine(e);
        return code;
    }

    internal static (int Code, string Message) Classify(Exception e) => e switch
    {
        OperationCanceledException => (Interrupted, "interrupted; no partial output was kept"),
        DllNotFoundException => (MissingSystemLibrary, e.Message),
        IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or FormatException or HttpRequestException
            => (InputOrOutputError, e.Message),
        _ => (InternalError, $"internal error ({e.GetType().Name}): {e.Message} - please report it with CLOUDMASK_DEBUG=1 output"),
    };

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
