namespace AgentHub.Server.Configuration;

/// <summary>
/// The environment variables the hub reads and the settings they fill. Supabase's own names are
/// honoured so an existing <c>.env</c> works as it is. Where two variables fill one setting, the
/// later one in this list wins. Any setting can also be set as <c>AGENTHUB__Section__Key</c>.
/// </summary>
public static class EnvironmentVariableMap
{
    /// <summary>(variable, configuration key) pairs, in precedence order.</summary>
    public static IReadOnlyList<(string Variable, string Key)> Entries { get; } =
    [
        ("AGENTHUB_HOST", "AgentHub:Host"),
        ("AGENTHUB_PORT", "AgentHub:Port"),
        ("AGENTHUB_DATA_DIR", "AgentHub:DataDir"),
        ("AGENTHUB_PUBLIC_URL", "AgentHub:PublicUrl"),
        ("DATABASE_URL", "AgentHub:Database:Url"),
        ("AGENTHUB_DB_URL", "AgentHub:Database:Url"),
        ("SUPABASE_DB_HOST", "AgentHub:Database:Host"),
        ("SUPABASE_DB_PORT", "AgentHub:Database:Port"),
        ("SUPABASE_DB_NAME", "AgentHub:Database:Name"),
        ("SUPABASE_DB_USER", "AgentHub:Database:User"),
        ("SUPABASE_DB_PASSWORD", "AgentHub:Database:Password"),
        ("SUPABASE_DB_PASS", "AgentHub:Database:Password"),
        ("AGENTHUB_DB_PORT", "AgentHub:Database:EmbeddedPort"),
        ("AGENTHUB_PG_BIN", "AgentHub:Database:PgBin"),
        ("AGENTHUB_PG_OS_USER", "AgentHub:Database:OsUser"),
        ("SUPABASE_JWT_SECRET", "AgentHub:Auth:JwtSecret"),
        ("AGENTHUB_JWT_SECRET", "AgentHub:Auth:JwtSecret"),
        ("AGENTHUB_MIGRATIONS_DIR", "AgentHub:Migrations:Directory"),
        ("PGRST_DB_SCHEMAS", "AgentHub:Rest:Schemas"),
        ("PGRST_DB_MAX_ROWS", "AgentHub:Rest:MaxRows"),
        ("AGENTHUB_MIGRATE_ON_START", "AgentHub:Migrations:ApplyOnStart"),
        ("AGENTHUB_LOG_LEVEL", "Logging:LogLevel:Default"),
    ];

    /// <summary>The configuration entries the given environment produces.</summary>
    public static IReadOnlyDictionary<string, string?> Read(IReadOnlyDictionary<string, string> environment)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (variable, key) in Entries)
        {
            if (environment.TryGetValue(variable, out var value) && !string.IsNullOrEmpty(value)) settings[key] = value;
        }
        return settings;
    }
}
