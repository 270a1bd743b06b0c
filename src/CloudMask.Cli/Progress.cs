using Spectre.Console;

namespace CloudMask.Cli;

/// <summary>Progress goes to stderr, so stdout stays what a script can read.</summary>
internal static class Progress
{
    public static IAnsiConsole StderrConsole() =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
}
