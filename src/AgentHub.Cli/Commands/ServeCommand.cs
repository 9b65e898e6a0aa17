using System.CommandLine;
using AgentHub.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace AgentHub.Cli.Commands;

/// <summary><c>agenthub serve</c>: start the hub and run until Ctrl-C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var flags = new HubFlags();
        var command = new Command("serve", "Start the hub: the embedded PostgreSQL (unless --db-url), migrations, and the HTTP API.");
        flags.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliRunner.RunAsync(async () =>
        {
            var (options, configuration) = flags.Resolve(parse);
            var started = System.Diagnostics.Stopwatch.StartNew();
            await using var server = await AgentHubServer.StartAsync(options, logging =>
            {
                AgentHubServer.DefaultLogging(logging);
                logging.AddConfiguration(configuration.GetSection("Logging"));
            }, cancellationToken);

            PrintBanner(server, started.Elapsed);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                AnsiConsole.MarkupLine("[grey]Stopping...[/]");
            }
            await server.StopAsync(CancellationToken.None);
            AnsiConsole.MarkupLine("[grey]Stopped.[/]");
            return 0;
        }));
        return command;
    }

    private static void PrintBanner(AgentHubServer server, TimeSpan startup)
    {
        // Plain "name: value" lines, never wrapped, so keys and URLs can be copied whole.
        var rows = new (string Name, string Value)[]
        {
            ("API URL", server.ApiUrl.ToString().TrimEnd('/')),
            ("Health", new Uri(server.ApiUrl, "health").ToString()),
            ("Dashboard", new Uri(server.ApiUrl, "dashboard/").ToString()),
            ("DB URL", server.Database.Url),
            ("Database", server.EmbeddedDatabase ? "embedded" : "external"),
            ("anon key", server.Keys.Anon),
            ("service_role key", server.Keys.ServiceRole),
        };
        foreach (var (name, value) in rows) Console.WriteLine($"{name + ":",-18} {value}");
        AnsiConsole.MarkupLineInterpolated($"[green]AgentHub is ready[/] in {startup.TotalSeconds:0.0} s. Press Ctrl-C to stop.");
    }
}
