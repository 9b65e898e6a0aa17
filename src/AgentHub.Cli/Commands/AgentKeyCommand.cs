using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentHub.Auth.Keys;
using AgentHub.Server.Agents;
using AgentHub.Server.Database;
using Microsoft.Extensions.Logging;

namespace AgentHub.Cli.Commands;

/// <summary>
/// <c>agenthub keys agent --tenant T --agent A</c>: a token for one agent, creating the tenant and the
/// agent on first use. The agent then acts only as itself: the agent kit checks these claims.
/// </summary>
internal static partial class AgentKeyCommand
{
    [GeneratedRegex(@"^(?<n>\d+)(?<unit>[dhm])$")]
    private static partial Regex LifetimePattern();

    public static Command Create()
    {
        var flags = new HubFlags();
        var tenant = new Option<string>("--tenant") { Description = "Tenant (team) slug: lower-case letters, digits, '-' and '_'.", Required = true };
        var agent = new Option<string>("--agent") { Description = "Agent name, unique in the tenant.", Required = true };
        var expiresIn = new Option<string>("--expires-in") { Description = "Lifetime like 365d, 12h or 30m (default 365d).", DefaultValueFactory = _ => "365d" };
        var json = new Option<bool>("--json") { Description = "Print JSON: token, tenantId, agentId, expiresAt." };
        var command = new Command("agent", "Mint a token for one agent of a tenant (creating both if needed).") { tenant, agent, expiresIn, json };
        flags.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliRunner.RunAsync(async () =>
        {
            var lifetime = ParseLifetime(parse.GetValue(expiresIn)!);
            var (options, _) = flags.Resolve(parse);
            var secret = options.Auth.JwtSecret is { } configured ? JwtSecret.FromConfiguration(configured) : JwtSecret.LoadOrCreate(options.DataDir);
            using var loggers = LoggerFactory.Create(Server.AgentHubServer.DefaultLogging);
            await using var database = await DatabaseProvisioner.ForCommandAsync(options, loggers, cancellationToken);
            await HubMigrations.ApplyAsync(database.Admin, options.Migrations.Directory, includeUser: false, loggers.CreateLogger("AgentHub.Migrations"), cancellationToken);

            var slug = parse.GetValue(tenant)!;
            var name = parse.GetValue(agent)!;
            var tenantId = await AgentDirectory.EnsureTenantAsync(database.Admin, slug, cancellationToken);
            var agentId = await AgentDirectory.EnsureAgentAsync(database.Admin, tenantId, name, cancellationToken);
            var now = DateTimeOffset.UtcNow;
            var token = AgentTokenIssuer.Issue(secret, tenantId, agentId, name, lifetime, now);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["token"] = token,
                    ["tenantId"] = tenantId.ToString(),
                    ["agentId"] = agentId.ToString(),
                    ["expiresAt"] = now.Add(lifetime).ToString("O"),
                }, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                Console.WriteLine($"{"tenant:",-12} {slug} ({tenantId})");
                Console.WriteLine($"{"agent:",-12} {name} ({agentId})");
                Console.WriteLine($"{"expires:",-12} {now.Add(lifetime):u}");
                Console.WriteLine($"{"token:",-12} {token}");
            }
            return 0;
        }));
        return command;
    }

    internal static TimeSpan ParseLifetime(string text)
    {
        var match = LifetimePattern().Match(text);
        if (!match.Success || !int.TryParse(match.Groups["n"].Value, out var n) || n <= 0)
        {
            throw new ArgumentException($"--expires-in '{text}' is not a lifetime like 365d, 12h or 30m.");
        }
        return match.Groups["unit"].Value switch { "d" => TimeSpan.FromDays(n), "h" => TimeSpan.FromHours(n), _ => TimeSpan.FromMinutes(n) };
    }
}
