namespace AgentHub.Postgres.Migrations;

/// <summary>A sequence of migrations with its own history: the hub's platform track or the user's folder.</summary>
public sealed class MigrationTrack
{
    private MigrationTrack(string name, IReadOnlyList<MigrationFile> files, IMigrationHistory history)
    {
        Name = name;
        Files = files;
        History = history;
    }

    /// <summary>"platform" or "user", for messages and the status table.</summary>
    public string Name { get; }

    /// <summary>The migration files in version order.</summary>
    public IReadOnlyList<MigrationFile> Files { get; }

    internal IMigrationHistory History { get; }

    /// <summary>The hub's own migrations, embedded in this assembly.</summary>
    public static MigrationTrack Platform() =>
        new("platform", MigrationFile.LoadEmbedded(typeof(MigrationTrack).Assembly, "AgentHub.Platform."), new HubMigrationHistory());

    /// <summary>The user's migrations in a Supabase CLI style folder (<c>supabase/migrations</c>).</summary>
    public static MigrationTrack UserFolder(string folder) =>
        new("user", MigrationFile.LoadFolder(folder), new SupabaseMigrationHistory());

    /// <summary>A user track over given files (tests, and embedding hosts that ship SQL as resources).</summary>
    public static MigrationTrack User(IReadOnlyList<MigrationFile> files) =>
        new("user", files.OrderBy(f => f.Version, StringComparer.Ordinal).ToList(), new SupabaseMigrationHistory());
}
