namespace AgentHub.Server.Configuration;

/// <summary>
/// Every setting of the hub, bound from <c>appsettings.json</c> (section <c>AgentHub</c>), environment
/// variables (<see cref="EnvironmentVariableMap"/>) and command-line flags, in that order of precedence
/// (later wins). docs/CONFIG.md lists them all; a test keeps that page in step with these classes.
/// </summary>
public sealed class AgentHubOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "AgentHub";

    /// <summary>Address the HTTP API listens on.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>HTTP port (REST, realtime, auth, dashboard, health). 0 picks a free port.</summary>
    public int Port { get; set; } = 54321;

    /// <summary>Data folder: the embedded cluster, the JWT secret, runtime state.</summary>
    public string DataDir { get; set; } = ".agenthub";

    /// <summary>URL clients should use, when the hub sits behind a proxy; defaults to http://Host:Port.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Which database, and how the embedded one runs.</summary>
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>Keys and tokens.</summary>
    public AuthOptions Auth { get; set; } = new();

    /// <summary>The user's migrations.</summary>
    public MigrationOptions Migrations { get; set; } = new();

    /// <summary>The agent kit's workers.</summary>
    public AgentKitOptions Agents { get; set; } = new();

    /// <summary>The data API (<c>/rest/v1</c>).</summary>
    public DataApiOptions Rest { get; set; } = new();

    /// <summary>Checks every setting; each problem names the setting and how to set it.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Host)) errors.Add("AgentHub:Host (--host, AGENTHUB_HOST) must not be empty.");
        if (Port is < 0 or > 65535) errors.Add($"AgentHub:Port (--port, AGENTHUB_PORT) must be between 0 and 65535, got {Port}.");
        if (string.IsNullOrWhiteSpace(DataDir)) errors.Add("AgentHub:DataDir (--data-dir, AGENTHUB_DATA_DIR) must not be empty.");
        if (PublicUrl is not null && !Uri.TryCreate(PublicUrl, UriKind.Absolute, out _)) errors.Add($"AgentHub:PublicUrl (AGENTHUB_PUBLIC_URL) must be an absolute URL, got '{PublicUrl}'.");
        errors.AddRange(Database.Validate());
        errors.AddRange(Auth.Validate());
        errors.AddRange(Agents.Validate());
        errors.AddRange(Rest.Validate());
        if (string.IsNullOrWhiteSpace(Migrations.Directory)) errors.Add("AgentHub:Migrations:Directory (--migrations-dir, AGENTHUB_MIGRATIONS_DIR) must not be empty.");
        return errors;
    }
}
