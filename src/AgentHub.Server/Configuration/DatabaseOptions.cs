using AgentHub.Postgres;

namespace AgentHub.Server.Configuration;

/// <summary>
/// The database: an external one (a URL, or the <c>SUPABASE_DB_*</c> parts), or, when neither is
/// given, the embedded cluster in the data folder.
/// </summary>
public sealed class DatabaseOptions
{
    /// <summary>postgres:// URL or Npgsql connection string of an external database (--db-url, DATABASE_URL).</summary>
    public string? Url { get; set; }

    /// <summary>External database host (SUPABASE_DB_HOST).</summary>
    public string? Host { get; set; }

    /// <summary>External database port (SUPABASE_DB_PORT); 5432 when a host is given without one.</summary>
    public int? Port { get; set; }

    /// <summary>External database name (SUPABASE_DB_NAME); default postgres.</summary>
    public string? Name { get; set; }

    /// <summary>External database user (SUPABASE_DB_USER); default postgres.</summary>
    public string? User { get; set; }

    /// <summary>External database password (SUPABASE_DB_PASS or SUPABASE_DB_PASSWORD).</summary>
    public string? Password { get; set; }

    /// <summary>Port of the embedded cluster on 127.0.0.1 (--db-port, AGENTHUB_DB_PORT).</summary>
    public int EmbeddedPort { get; set; } = 54322;

    /// <summary>Folder of the PostgreSQL server binaries (AGENTHUB_PG_BIN); searched when empty.</summary>
    public string? PgBin { get; set; }

    /// <summary>OS account for the embedded cluster when the hub runs as root (AGENTHUB_PG_OS_USER).</summary>
    public string OsUser { get; set; } = "agenthub";

    /// <summary>fsync and synchronous commit for the embedded cluster; off only for throwaway test clusters.</summary>
    public bool DurableWrites { get; set; } = true;

    /// <summary>True when an external database is configured.</summary>
    public bool IsExternal => !string.IsNullOrWhiteSpace(Url) || !string.IsNullOrWhiteSpace(Host);

    /// <summary>The external database's endpoint; only valid when <see cref="IsExternal"/>.</summary>
    public DatabaseEndpoint ExternalEndpoint() =>
        !string.IsNullOrWhiteSpace(Url)
            ? DatabaseEndpoint.Parse(Url)
            : new DatabaseEndpoint(Host!, Port ?? 5432, Name ?? "postgres", User ?? "postgres", Password);

    internal IEnumerable<string> Validate()
    {
        if (EmbeddedPort is < 1 or > 65535) yield return $"AgentHub:Database:EmbeddedPort (--db-port, AGENTHUB_DB_PORT) must be between 1 and 65535, got {EmbeddedPort}.";
        if (Port is < 1 or > 65535) yield return $"AgentHub:Database:Port (SUPABASE_DB_PORT) must be between 1 and 65535, got {Port}.";
        if (!string.IsNullOrWhiteSpace(Url))
        {
            string? problem = null;
            try { DatabaseEndpoint.Parse(Url); }
            catch (Exception e) when (e is ArgumentException or UriFormatException or FormatException) { problem = e.Message; }
            if (problem is not null) yield return $"AgentHub:Database:Url (--db-url, DATABASE_URL) is not a postgres:// URL or connection string: {problem}";
        }
    }
}
