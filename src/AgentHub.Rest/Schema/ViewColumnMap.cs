using Npgsql;

namespace AgentHub.Rest.Schema;

/// <summary>
/// Which base relation each view column passes through (same name, exactly one base relation
/// providing it), so views inherit foreign keys and primary keys (PostgREST does the same through
/// the view's query tree; matching by name covers the views apps write: column lists and filters
/// over one table or a join).
/// </summary>
internal sealed class ViewColumnMap
{
    // view -> column -> base relations that have a column of that name the view depends on
    private readonly Dictionary<QualifiedName, Dictionary<string, List<QualifiedName>>> _map = [];

    public static async Task<ViewColumnMap> ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var result = new ViewColumnMap();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new QualifiedName(reader.GetString(0), reader.GetString(1)), reader.GetString(2), new QualifiedName(reader.GetString(3), reader.GetString(4)));
        }

        return result;
    }

    public void Add(QualifiedName view, string column, QualifiedName baseRelation)
    {
        if (!_map.TryGetValue(view, out var columns))
        {
            _map[view] = columns = new Dictionary<string, List<QualifiedName>>(StringComparer.Ordinal);
        }

        if (!columns.TryGetValue(column, out var sources))
        {
            columns[column] = sources = [];
        }

        sources.Add(baseRelation);
    }

    /// <summary>Whether <paramref name="view"/> passes all of <paramref name="columns"/> of <paramref name="baseRelation"/> through.</summary>
    public bool Exposes(QualifiedName view, QualifiedName baseRelation, IReadOnlyList<string> columns) =>
        _map.TryGetValue(view, out var map)
        && columns.All(c => map.TryGetValue(c, out var sources) && sources.Count == 1 && sources[0] == baseRelation);

    /// <summary>The base relation's primary key when the view passes all of it through.</summary>
    public IReadOnlyList<string>? InheritedKey(QualifiedName view, Func<QualifiedName, IReadOnlyList<string>?> primaryKeyOf)
    {
        if (!_map.TryGetValue(view, out var map))
        {
            return null;
        }

        foreach (var baseRelation in map.Values.Where(static s => s.Count == 1).Select(static s => s[0]).Distinct())
        {
            if (primaryKeyOf(baseRelation) is { Count: > 0 } key && Exposes(view, baseRelation, key))
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>Foreign keys of base tables restated for the views over either side.</summary>
    public IEnumerable<ForeignKeyInfo> InheritedForeignKeys(IReadOnlyList<ForeignKeyInfo> foreignKeys, IReadOnlyDictionary<QualifiedName, TableInfo> tables)
    {
        foreach (var fk in foreignKeys)
        {
            var sources = Aliases(fk.Table, fk.Columns);
            var targets = Aliases(fk.RefTable, fk.RefColumns);
            foreach (var source in sources)
            {
                foreach (var target in targets)
                {
                    if ((source != fk.Table || target != fk.RefTable) && tables.ContainsKey(source) && tables.ContainsKey(target))
                    {
                        yield return fk with { Table = source, RefTable = target };
                    }
                }
            }
        }
    }

    private List<QualifiedName> Aliases(QualifiedName relation, IReadOnlyList<string> columns)
    {
        var list = new List<QualifiedName> { relation };
        foreach (var view in _map.Keys)
        {
            if (Exposes(view, relation, columns))
            {
                list.Add(view);
            }
        }

        return list;
    }
}
