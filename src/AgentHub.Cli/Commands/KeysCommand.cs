using System.CommandLine;
using System.Text.Json;
using AgentHub.Auth.Keys;
using AgentHub.Postgres;
using AgentHub.Server.Configuration;
using AgentHub.Server.Hosting;

namespace AgentHub.Cli.Commands;

/// <summary><c>agenthub keys</c>: the API keys and URLs, for people (a table) or scripts (--json).</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var flags = new HubFlags();
        var json = new Option<bool>("--json") { Description = "Print JSON: apiUrl, dbUrl, anonKey, serviceRoleKey, jwtSecretSource." };
        var command = new Command("keys", "Show the anon and service_role keys and the API and database URLs.") { json, AgentKeyCommand.Create() };
        flags.AddTo(command);
        command.SetAction(parse => CliRunner.RunAsync(() =>
        {
            var (options, _) = flags.Resolve(parse);
            var secret = options.Auth.JwtSecret is { } configured ? JwtSecret.FromConfiguration(configured) : JwtSecret.LoadOrCreate(options.DataDir);
            var keys = new ApiKeys(secret);
            var apiUrl = options.PublicUrl ?? HubRuntimeInfo.ReadIfRunning(options.DataDir)?.ApiUrl.TrimEnd('/') ?? $"http://{options.Host}:{options.Port}";
            var dbUrl = DatabaseUrl(options);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string?>
                {
                    ["apiUrl"] = apiUrl,
                    ["dbUrl"] = dbUrl,
                    ["anonKey"] = keys.Anon,
                    ["serviceRoleKey"] = keys.ServiceRole,
                    ["jwtSecretSource"] = secret.Origin,
                }, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                // Plain lines, never wrapped, so each value can be copied whole.
                Console.WriteLine($"{"API URL:",-18} {apiUrl}");
                Console.WriteLine($"{"DB URL:",-18} {dbUrl ?? "(embedded cluster not created yet)"}");
                Console.WriteLine($"{"anon key:",-18} {keys.Anon}");
                Console.WriteLine($"{"service_role key:",-18} {keys.ServiceRole}");
                Console.WriteLine($"{"JWT secret:",-18} {secret.Origin}");
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    private static string? DatabaseUrl(AgentHubOptions options)
    {
        if (options.Database.IsExternal) return options.Database.ExternalEndpoint().Url;
        var passwordFile = Path.Combine(options.DataDir, "db-password");
        if (!File.Exists(passwordFile)) return null;
        var port = HubRuntimeInfo.ReadIfRunning(options.DataDir)?.DatabasePort ?? options.Database.EmbeddedPort;
        return new DatabaseEndpoint("127.0.0.1", port, "postgres", "postgres", File.ReadAllText(passwordFile).Trim()).Url;
    }
}
