namespace AgentHub.Postgres.Migrations;

/// <summary>Where one migration stands against a database.</summary>
public enum MigrationStateKind
{
    /// <summary>Applied, and the file is unchanged.</summary>
    Applied,
    /// <summary>Not applied yet.</summary>
    Pending,
    /// <summary>Applied, but the file has changed since: refused until the file is restored.</summary>
    Modified,
    /// <summary>Recorded as applied, but no file has its version.</summary>
    FileMissing,
}

/// <summary>One row of <c>agenthub migrate status</c>.</summary>
public sealed record MigrationState(string Track, string Version, string Name, MigrationStateKind State);
