using Npgsql;

namespace AgentHub.Postgres.Migrations;

/// <summary>Where one track of migrations records what it has applied.</summary>
internal interface IMigrationHistory
{
    /// <summary>Creates the history table(s) if missing.</summary>
    Task EnsureCreatedAsync(NpgsqlConnection connection, CancellationToken cancellationToken);

    /// <summary>Reads the applied migrations by version; empty when the tables do not exist yet.</summary>
    Task<IReadOnlyDictionary<string, AppliedMigration>> LoadAsync(NpgsqlConnection connection, CancellationToken cancellationToken);

    /// <summary>Records a migration inside the transaction that applied it.</summary>
    Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MigrationFile file, IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken);
}
