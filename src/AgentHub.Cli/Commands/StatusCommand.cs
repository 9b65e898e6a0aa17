using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using AgentHub.Server.Hosting;
using Spectre.Console;

namespace AgentHub.Cli.Commands;

/// <summary><c>agenthub status</c>: is a hub serving this data folder, and how healthy is it.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var flags = new HubFlags();
        var command = new Command("status", "Show whether a hub is running for this data folder, and its /health report.");
        flags.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliRunner.RunAsync(async () =>
        {
            var (options, _) = flags.Resolve(parse);
            var running = HubRuntimeInfo.ReadIfRunning(options.DataDir);
            var apiUrl = options.PublicUrl ?? running?.ApiUrl ?? $"http://{options.Host}:{options.Port}/";
            if (running is not null)
            {
                AnsiConsole.MarkupLineInterpolated($"Hub [green]running[/] (pid {running.Pid}) since {running.StartedAt:u}, database on {running.DatabaseHost}:{running.DatabasePort}");
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                using var response = await http.GetAsync(new Uri(new Uri(apiUrl), "health"), cancellationToken);
                var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                AnsiConsole.MarkupLineInterpolated($"{apiUrl}health answered {(int)response.StatusCode}:");
                Console.WriteLine(JsonSerializer.Serialize(body, new JsonSerializerOptions { WriteIndented = true }));
                return response.IsSuccessStatusCode ? 0 : 1;
            }
            catch (HttpRequestException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[yellow]No hub answers at {apiUrl}[/] ({e.Message}). Start one with: agenthub serve");
                return 1;
            }
        }));
        return command;
    }
}
