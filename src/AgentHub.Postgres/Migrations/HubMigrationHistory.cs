using Npgsql;

namespace AgentHub.Postgres.Migrations;

/// <summary>History of the hub's own embedded migrations, in <c>agenthub_meta.schema_migrations</c>.</summary>
internal sealed class HubMigrationHistory : IMigrationHistory
{
    public async Task EnsureCreatedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            create schema if not exists agenthub_meta;
            create table if not exists agenthub_meta.schema_migrations (
                version text primary key,
                name text not null,
                checksum text not null,
                applied_at timestamptz not null default now());
            """, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, AppliedMigration>> LoadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<string, AppliedMigration>();
        if (!await MigrationSql.TableExistsAsync(connection, "agenthub_meta.schema_migrations", cancellationToken).ConfigureAwait(false)) return applied;
        await using var command = new NpgsqlCommand("select version, name, checksum from agenthub_meta.schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            applied[reader.GetString(0)] = new AppliedMigration(reader.GetString(0), reader.GetString(1), reader.GetString(2));
        }
        return applied;
    }

    public async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MigrationFile file, IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "insert into agenthub_meta.schema_migrations (version, name, checksum) values ($1, $2, $3)", connection, transaction)
        {
            Parameters = { new() { Value = file.Version }, new() { Value = file.Name }, new() { Value = file.Checksum } },
        };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
