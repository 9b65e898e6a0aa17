namespace AgentHub.Server.Configuration;

/// <summary>The user's Supabase-style migrations.</summary>
public sealed class MigrationOptions
{
    /// <summary>Folder of <c>&lt;timestamp&gt;_&lt;name&gt;.sql</c> files (--migrations-dir, AGENTHUB_MIGRATIONS_DIR), relative to the working folder.</summary>
    public string Directory { get; set; } = "supabase/migrations";

    /// <summary>Apply pending migrations when <c>serve</c> starts (AGENTHUB_MIGRATE_ON_START).</summary>
    public bool ApplyOnStart { get; set; } = true;
}
