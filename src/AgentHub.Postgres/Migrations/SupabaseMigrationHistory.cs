using Npgsql;

namespace AgentHub.Postgres.Migrations;

/// <summary>
/// History of the user's migrations in the Supabase CLI's own table,
/// <c>supabase_migrations.schema_migrations (version, statements, name)</c>, so <c>supabase migration list</c>
/// and AgentHub agree about what a database has. The CLI's table has no checksum, so ours live beside it
/// in <c>agenthub_meta.user_migration_checksums</c>; rows the CLI applied have none and are not drift-checked.
/// </summary>
internal sealed class SupabaseMigrationHistory : IMigrationHistory
{
    public async Task EnsureCreatedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            create schema if not exists supabase_migrations;
            create table if not exists supabase_migrations.schema_migrations (
                version text not null primary key,
                statements text[],
                name text);
            create schema if not exists agenthub_meta;
            create table if not exists agenthub_meta.user_migration_checksums (
                version text primary key,
                checksum text not null,
                applied_at timestamptz not null default now());
            """, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, AppliedMigration>> LoadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<string, AppliedMigration>();
        if (!await MigrationSql.TableExistsAsync(connection, "supabase_migrations.schema_migrations", cancellationToken).ConfigureAwait(false)) return applied;
        var withChecksums = await MigrationSql.TableExistsAsync(connection, "agenthub_meta.user_migration_checksums", cancellationToken).ConfigureAwait(false);
        var sql = withChecksums
            ? "select m.version, m.name, c.checksum from supabase_migrations.schema_migrations m left join agenthub_meta.user_migration_checksums c using (version)"
            : "select version, name, null::text from supabase_migrations.schema_migrations";
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            applied[reader.GetString(0)] = new AppliedMigration(
                reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }
        return applied;
    }

    public async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MigrationFile file, IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)")
                {
                    Parameters = { new() { Value = file.Version }, new() { Value = file.Name }, new() { Value = statements.Select(s => s.Text).ToArray() } },
                },
                new("insert into agenthub_meta.user_migration_checksums (version, checksum) values ($1, $2)")
                {
                    Parameters = { new() { Value = file.Version }, new() { Value = file.Checksum } },
                },
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
