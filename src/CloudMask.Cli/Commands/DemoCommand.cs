using System.CommandLine;

namespace CloudMask.Cli.Commands;

/// <summary>`cloudmask demo`: the README's first command (filled in below).</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Run CloudMask on its built-in sample and show what it produces.");
        command.SetAction(_ => 0);
        return command;
    }
}
