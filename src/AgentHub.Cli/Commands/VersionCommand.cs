using System.CommandLine;
using AgentHub.Core;

namespace AgentHub.Cli.Commands;

/// <summary><c>agenthub version</c>.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the AgentHub version.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"agenthub {HubVersion.Current}");
            return 0;
        });
        return command;
    }
}
