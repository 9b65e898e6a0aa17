using Npgsql;

namespace AgentHub.Cdc;

/// <summary>
/// Reads table metadata from the catalog: the same <see cref="ChangeRelation"/> shape the
/// replication worker attaches to events, so a host can validate a subscription's filter and
/// <c>select</c> list before the first change arrives, and check that a table is published.
/// </summary>
public sealed class RelationCatalog
{
    private const string PrimaryKeyQuery = """
        select a.attname::text from pg_index i
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
        where i.indrelid = $1 and i.indisprimary
        """;

    private const string ReplicaIndexQuery = """
        select a.attname::text from pg_index i
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
        where i.indrelid = $1 and i.indisreplident
        """;

    private const string RelationQuery = """
        select c.oid, c.relreplident::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'p')
        """;

    // pgoutput leaves out dropped and generated columns, so this list lines up with its rows.
    private const string ColumnQuery = """
        select a.attname::text, a.atttypid from pg_attribute a
        where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
        order by a.attnum
        """;

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates a catalog reader over <paramref name="dataSource"/>.</summary>
    public RelationCatalog(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
    }

    internal PgTypeResolver Types { get; } = new();

    /// <summary>The table <paramref name="schema"/>.<paramref name="table"/>, or null when there is none.</summary>
    public async Task<ChangeRelation?> FindAsync(string schema, string table, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        uint oid;
        char identity;
        await using (var command = new NpgsqlCommand(RelationQuery, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = schema });
            command.Parameters.Add(new NpgsqlParameter { Value = table });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
            oid = reader.GetFieldValue<uint>(0);
            identity = reader.GetString(1)[0];
        }
        var columns = new List<(string Name, uint Type)>();
        await using (var command = new NpgsqlCommand(ColumnQuery, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = oid, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) columns.Add((reader.GetString(0), reader.GetFieldValue<uint>(1)));
        }
        var replicaIdentity = identity switch { 'f' => ReplicaIdentity.Full, 'n' => ReplicaIdentity.Nothing, 'i' => ReplicaIdentity.Index, _ => ReplicaIdentity.Default };
        var keys = await ColumnNamesAsync(connection, PrimaryKeyQuery, oid, cancellationToken).ConfigureAwait(false);
        var identityColumns = replicaIdentity switch
        {
            ReplicaIdentity.Full => columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal),
            ReplicaIdentity.Nothing => [],
            ReplicaIdentity.Index => await ColumnNamesAsync(connection, ReplicaIndexQuery, oid, cancellationToken).ConfigureAwait(false),
            _ => keys,
        };
        await Types.EnsureAsync(connection, columns.Select(c => c.Type), cancellationToken).ConfigureAwait(false);
        return new ChangeRelation(oid, schema, table,
            columns.Select(c => new ChangeColumn(c.Name, Types.Get(c.Type), keys.Contains(c.Name), identityColumns.Contains(c.Name))).ToList(), replicaIdentity);
    }

    /// <summary>True when <paramref name="schema"/>.<paramref name="table"/> is in <paramref name="publication"/> (only published tables produce changes).</summary>
    public async Task<bool> IsPublishedAsync(string publication, string schema, string table, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("select exists (select 1 from pg_publication_tables where pubname = $1 and schemaname = $2 and tablename = $3)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = publication });
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Completes what a pgoutput Relation message says (names, type OIDs, identity flags) with what
    /// it does not: the primary key and the database's own types.
    /// </summary>
    internal async Task<ChangeRelation> DescribeAsync(RelationSnapshot snapshot, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var keys = await ColumnNamesAsync(connection, PrimaryKeyQuery, snapshot.Oid, cancellationToken).ConfigureAwait(false);
        await Types.EnsureAsync(connection, snapshot.Columns.Select(c => c.TypeOid), cancellationToken).ConfigureAwait(false);
        return new ChangeRelation(snapshot.Oid, snapshot.Schema, snapshot.Table,
            snapshot.Columns.Select(c => new ChangeColumn(c.Name, Types.Get(c.TypeOid), keys.Contains(c.Name), c.IsIdentity)).ToList(),
            snapshot.ReplicaIdentity);
    }

    private static async Task<HashSet<string>> ColumnNamesAsync(NpgsqlConnection connection, string sql, uint oid, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = oid, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) names.Add(reader.GetString(0));
        return names;
    }
}

/// <summary>A copy of a pgoutput Relation message (Npgsql reuses the original).</summary>
internal sealed record RelationSnapshot(uint Oid, string Schema, string Table, ReplicaIdentity ReplicaIdentity, IReadOnlyList<RelationSnapshotColumn> Columns);

/// <summary>One column of a <see cref="RelationSnapshot"/>.</summary>
internal sealed record RelationSnapshotColumn(string Name, uint TypeOid, bool IsIdentity);
