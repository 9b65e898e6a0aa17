using Npgsql;

namespace AgentHub.Rest.Schema;

/// <summary>Relations as read from pg_catalog, before keys and view inheritance are settled.</summary>
internal sealed class RawTables
{
    private readonly Dictionary<QualifiedName, Raw> _tables = [];

    public static async Task<RawTables> ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var result = new RawTables();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var name = new QualifiedName(reader.GetString(0), reader.GetString(1));
            if (!result._tables.TryGetValue(name, out var raw))
            {
                var kind = reader.GetString(2);
                result._tables[name] = raw = new Raw(name, kind is "v" or "m", reader.GetBoolean(3), reader.GetBoolean(4), reader.GetBoolean(5));
                if (kind is "r" or "p")
                {
                    // Tables are always writable; the catalog function only answers for views.
                    raw.Insertable = raw.Updatable = raw.Deletable = true;
                }
            }

            if (!reader.IsDBNull(6))
            {
                raw.Columns.Add(new ColumnInfo(
                    reader.GetString(6),
                    reader.GetString(7),
                    reader.GetString(8),
                    reader.GetBoolean(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10),
                    reader.GetBoolean(11)));
            }
        }

        return result;
    }

    public async Task ReadKeysAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_tables.TryGetValue(new QualifiedName(reader.GetString(0), reader.GetString(1)), out var raw))
            {
                var columns = reader.GetFieldValue<string[]>(3);
                if (reader.GetBoolean(2))
                {
                    raw.PrimaryKey = columns;
                }
                else
                {
                    raw.UniqueKeys.Add(columns);
                }
            }
        }
    }

    public Dictionary<QualifiedName, TableInfo> Build(ViewColumnMap views)
    {
        var result = new Dictionary<QualifiedName, TableInfo>(_tables.Count);
        foreach (var raw in _tables.Values)
        {
            var primaryKey = raw.PrimaryKey;
            if (raw.IsView && primaryKey.Count == 0)
            {
                primaryKey = views.InheritedKey(raw.Name, name => _tables.GetValueOrDefault(name)?.PrimaryKey) ?? [];
            }

            result[raw.Name] = new TableInfo(raw.Name, raw.IsView, raw.Columns, primaryKey, raw.UniqueKeys, raw.Insertable, raw.Updatable, raw.Deletable);
        }

        return result;
    }

    private sealed class Raw(QualifiedName name, bool isView, bool insertable, bool updatable, bool deletable)
    {
        public QualifiedName Name { get; } = name;

        public bool IsView { get; } = isView;

        public bool Insertable { get; set; } = insertable;

        public bool Updatable { get; set; } = updatable;

        public bool Deletable { get; set; } = deletable;

        public List<ColumnInfo> Columns { get; } = [];

        public IReadOnlyList<string> PrimaryKey { get; set; } = [];

        public List<IReadOnlyList<string>> UniqueKeys { get; } = [];
    }
}
