using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AgentHub.Postgres.Migrations;

/// <summary>
/// Applies migration tracks to one database: each migration in its own transaction, recorded in
/// the track's history in that same transaction, all runners serialized by a session advisory lock.
/// An applied migration whose file has changed stops the run before anything is applied.
/// </summary>
public sealed class MigrationRunner
{
    private readonly string _connectionString;
    private readonly ILogger _logger;

    /// <summary>Creates a runner; <paramref name="connectionString"/> needs rights to create what the migrations create.</summary>
    public MigrationRunner(string connectionString, ILogger? logger = null)
    {
        // A fresh, unpooled session per run: the platform track changes database-level settings
        // (search_path) that only new sessions see, and the advisory lock is per session.
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, CommandTimeout = 0 }.ConnectionString;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Applies the pending migrations of <paramref name="track"/>; returns the ones applied now.</summary>
    public async Task<IReadOnlyList<MigrationFile>> ApplyAsync(MigrationTrack track, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"select pg_advisory_lock({MigrationSql.AdvisoryLockKey})", cancellationToken).ConfigureAwait(false);
        try
        {
            await track.History.EnsureCreatedAsync(connection, cancellationToken).ConfigureAwait(false);
            var applied = await track.History.LoadAsync(connection, cancellationToken).ConfigureAwait(false);
            RefuseDrift(track, applied);

            var appliedNow = new List<MigrationFile>();
            foreach (var file in track.Files.Where(f => !applied.ContainsKey(f.Version)))
            {
                await ApplyOneAsync(connection, track, file, cancellationToken).ConfigureAwait(false);
                appliedNow.Add(file);
            }
            return appliedNow;
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, $"select pg_advisory_unlock({MigrationSql.AdvisoryLockKey})", CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Compares the track's files with the database's history without changing anything.</summary>
    public async Task<IReadOnlyList<MigrationState>> StatusAsync(MigrationTrack track, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var applied = await track.History.LoadAsync(connection, cancellationToken).ConfigureAwait(false);
        return Compare(track, applied);
    }

    internal static IReadOnlyList<MigrationState> Compare(MigrationTrack track, IReadOnlyDictionary<string, AppliedMigration> applied)
    {
        var states = new List<MigrationState>();
        foreach (var file in track.Files)
        {
            var kind = !applied.TryGetValue(file.Version, out var row) ? MigrationStateKind.Pending
                : row.Checksum is not null && row.Checksum != file.Checksum ? MigrationStateKind.Modified
                : MigrationStateKind.Applied;
            states.Add(new MigrationState(track.Name, file.Version, file.Name, kind));
        }
        var known = track.Files.Select(f => f.Version).ToHashSet();
        foreach (var row in applied.Values.Where(r => !known.Contains(r.Version)))
        {
            states.Add(new MigrationState(track.Name, row.Version, row.Name ?? "", MigrationStateKind.FileMissing));
        }
        return states.OrderBy(s => s.Version, StringComparer.Ordinal).ToList();
    }

    private void RefuseDrift(MigrationTrack track, IReadOnlyDictionary<string, AppliedMigration> applied)
    {
        var states = Compare(track, applied);
        var modified = states.Where(s => s.State == MigrationStateKind.Modified).ToList();
        if (modified.Count > 0)
        {
            var sources = modified.Select(s => track.Files.First(f => f.Version == s.Version).Source);
            throw new MigrationException(
                $"Refusing to migrate: {string.Join(", ", sources)} changed after it was applied. Restore the applied text and put the change in a new migration (agenthub migration new <name>).");
        }
        foreach (var missing in states.Where(s => s.State == MigrationStateKind.FileMissing))
        {
            _logger.LogWarning("Migration {Version} ({Name}) is recorded as applied in the {Track} history but has no file", missing.Version, missing.Name, track.Name);
        }
        var lastApplied = applied.Keys.DefaultIfEmpty("").Max(StringComparer.Ordinal)!;
        foreach (var late in states.Where(s => s.State == MigrationStateKind.Pending && string.CompareOrdinal(s.Version, lastApplied) < 0))
        {
            _logger.LogWarning("Migration {Version} ({Name}) is older than the newest applied one ({Last}); applying it now", late.Version, late.Name, lastApplied);
        }
    }

    private async Task ApplyOneAsync(NpgsqlConnection connection, MigrationTrack track, MigrationFile file, CancellationToken cancellationToken)
    {
        var statements = SqlStatementSplitter.Split(file.Sql);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var statement in statements)
        {
            try
            {
                await using var command = new NpgsqlCommand(statement.Text, connection, transaction);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException error)
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                throw Failure(file, statement, error);
            }
        }
        await track.History.RecordAsync(connection, transaction, file, statements, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Applied {Track} migration {Version}_{Name}", track.Name, file.Version, file.Name);
    }

    private static MigrationException Failure(MigrationFile file, SqlStatement statement, PostgresException error)
    {
        // PostgreSQL reports a 1-based position inside the statement; place it in the file.
        var offset = statement.Offset + Math.Max(error.Position - 1, 0);
        var (line, column) = SqlStatementSplitter.LineAndColumn(file.Sql, offset);
        var detail = error.Detail is { Length: > 0 } d ? $" Detail: {d}" : "";
        var hint = error.Hint is { Length: > 0 } h ? $" Hint: {h}" : "";
        return new MigrationException(
            $"Migration {file.Source} failed at line {line}, column {column}: {error.SqlState}: {error.MessageText}.{detail}{hint} Nothing of this migration was applied.", error);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
