using Npgsql;

namespace AgentHub.Rest.Schema;

/// <summary>Reads a <see cref="SchemaSnapshot"/> of the exposed schemas from pg_catalog in one round trip.</summary>
internal static class SchemaLoader
{
    public static async Task<SchemaSnapshot> LoadAsync(NpgsqlDataSource dataSource, IReadOnlyList<string> schemas, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var names = schemas.ToArray();
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                // An empty search path makes format_type and pg_get_expr qualify every name outside pg_catalog.
                new NpgsqlBatchCommand("select set_config('search_path', '', true)"),
                Command(SchemaQueries.Columns, names),
                Command(SchemaQueries.Keys, names),
                Command(SchemaQueries.ForeignKeys, names),
                Command(SchemaQueries.ViewColumns, names),
                Command(SchemaQueries.Functions, names),
                new NpgsqlBatchCommand(SchemaQueries.RoleSettings),
                Command(SchemaQueries.Types, names),
            },
        };

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var raw = await RawTables.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        await raw.ReadKeysAsync(reader, cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var foreignKeys = await ReadForeignKeysAsync(reader, cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var viewColumns = await ViewColumnMap.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var functions = await FunctionReader.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var roleSettings = await ReadRoleSettingsAsync(reader, cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            types.TryAdd(reader.GetString(0), reader.GetString(1));
        }

        var tables = raw.Build(viewColumns);
        foreignKeys.AddRange(viewColumns.InheritedForeignKeys(foreignKeys, tables).ToList());
        return new SchemaSnapshot(tables.Values, foreignKeys, functions, roleSettings, types);
    }

    private static NpgsqlBatchCommand Command(string sql, string[] schemas) =>
        new(sql) { Parameters = { new NpgsqlParameter { Value = schemas } } };

    private static async Task<List<ForeignKeyInfo>> ReadForeignKeysAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var list = new List<ForeignKeyInfo>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new ForeignKeyInfo(
                reader.GetString(0),
                new QualifiedName(reader.GetString(1), reader.GetString(2)),
                reader.GetFieldValue<string[]>(3),
                new QualifiedName(reader.GetString(4), reader.GetString(5)),
                reader.GetFieldValue<string[]>(6)));
        }

        return list;
    }

    private static async Task<Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>> ReadRoleSettingsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, List<KeyValuePair<string, string>>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var role = reader.GetString(0);
            if (!settings.TryGetValue(role, out var list))
            {
                settings[role] = list = [];
            }

            // Database-specific rows come after global ones, so a later duplicate overrides.
            list.RemoveAll(kv => kv.Key == reader.GetString(1));
            list.Add(new(reader.GetString(1), reader.GetString(2)));
        }

        return settings.ToDictionary(static kv => kv.Key, static kv => (IReadOnlyList<KeyValuePair<string, string>>)kv.Value, StringComparer.Ordinal);
    }
}
