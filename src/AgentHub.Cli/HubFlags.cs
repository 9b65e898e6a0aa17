using System.CommandLine;
using AgentHub.Server.Configuration;

namespace AgentHub.Cli;

/// <summary>
/// The flags every command that touches a hub shares. Each maps onto one configuration key, so a
/// flag simply outranks appsettings.json and the environment for that key.
/// </summary>
internal sealed class HubFlags
{
    private readonly Option<string?> _host = new("--host") { Description = "Address the API listens on (default 127.0.0.1)." };
    private readonly Option<int?> _port = new("--port") { Description = "API port (default 54321)." };
    private readonly Option<string?> _dataDir = new("--data-dir") { Description = "Data folder for the embedded database, keys and state (default ./.agenthub)." };
    private readonly Option<int?> _dbPort = new("--db-port") { Description = "Port of the embedded PostgreSQL on 127.0.0.1 (default 54322)." };
    private readonly Option<string?> _dbUrl = new("--db-url") { Description = "Use this external PostgreSQL (postgres:// URL or connection string) instead of the embedded one." };
    private readonly Option<string?> _pgBin = new("--pg-bin") { Description = "Folder of the PostgreSQL server binaries (default: pg_config --bindir, then /usr/lib/postgresql/<v>/bin)." };
    private readonly Option<string?> _migrationsDir = new("--migrations-dir") { Description = "Folder of Supabase-style migrations (default ./supabase/migrations)." };
    private readonly Option<string?> _config = new("--config") { Description = "JSON settings file (default ./appsettings.json, section AgentHub)." };

    /// <summary>Adds the flags to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _host, _port, _dataDir, _dbPort, _dbUrl, _pgBin, _migrationsDir, _config }) command.Options.Add(option);
    }

    /// <summary>Builds and validates the options from appsettings, environment and these flags.</summary>
    public (AgentHubOptions Options, Microsoft.Extensions.Configuration.IConfiguration Configuration) Resolve(ParseResult parse)
    {
        var flags = new Dictionary<string, string?>();
        void Set(string key, object? value)
        {
            if (value is not null) flags[key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
        }
        Set("AgentHub:Host", parse.GetValue(_host));
        Set("AgentHub:Port", parse.GetValue(_port));
        Set("AgentHub:DataDir", parse.GetValue(_dataDir));
        Set("AgentHub:Database:EmbeddedPort", parse.GetValue(_dbPort));
        Set("AgentHub:Database:Url", parse.GetValue(_dbUrl));
        Set("AgentHub:Database:PgBin", parse.GetValue(_pgBin));
        Set("AgentHub:Migrations:Directory", parse.GetValue(_migrationsDir));
        return HubConfiguration.Build(Directory.GetCurrentDirectory(), HubConfiguration.ProcessEnvironment(), flags, parse.GetValue(_config));
    }
}
