using System.Collections.Concurrent;
using Npgsql;

namespace AgentHub.Cdc;

/// <summary>
/// Type OID → <see cref="PgType"/>, from a fixed table for built-in types and from <c>pg_type</c>
/// for the database's own (enums, domains, composites and their arrays), following element, base
/// and attribute types until everything is known. Cached for the life of the process: a type's
/// OID never changes meaning.
/// </summary>
internal sealed class PgTypeResolver
{
    private const string TypeQuery = """
        select t.oid, n.nspname::text, t.typname::text, t.typtype::text, t.typcategory::text, t.typelem, t.typbasetype, t.typdelim::text,
               coalesce((select array_agg(a.attname::text order by a.attnum) from pg_attribute a
                         where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped), '{}'),
               coalesce((select array_agg(a.atttypid order by a.attnum) from pg_attribute a
                         where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped), '{}')
        from pg_type t join pg_namespace n on n.oid = t.typnamespace
        where t.oid = any($1)
        """;

    private readonly ConcurrentDictionary<uint, PgType> _types = new(BuiltinTypes.ByOid);

    public bool TryGet(uint oid, out PgType type) => _types.TryGetValue(oid, out type!);

    /// <summary>Makes sure every OID in <paramref name="oids"/> is known.</summary>
    public async Task EnsureAsync(NpgsqlConnection connection, IEnumerable<uint> oids, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<uint, TypeRow>();
        var pending = oids.Where(o => !_types.ContainsKey(o)).Distinct().ToList();
        while (pending.Count > 0)
        {
            await using var command = new NpgsqlCommand(TypeQuery, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = pending.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Oid });
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var row = new TypeRow(reader.GetFieldValue<uint>(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)[0], reader.GetString(4)[0],
                        reader.GetFieldValue<uint>(5), reader.GetFieldValue<uint>(6), reader.GetString(7)[0], reader.GetFieldValue<string[]>(8), reader.GetFieldValue<uint[]>(9));
                    rows[row.Oid] = row;
                }
            }
            var next = new List<uint>();
            foreach (var oid in pending)
            {
                if (!rows.TryGetValue(oid, out var row)) continue;
                foreach (var dependency in row.Dependencies())
                {
                    if (!_types.ContainsKey(dependency) && !rows.ContainsKey(dependency) && !next.Contains(dependency)) next.Add(dependency);
                }
            }
            pending = next;
        }
        foreach (var oid in rows.Keys) Build(oid, rows, []);
    }

    /// <summary>The type, or a plain string-valued stand-in for an OID the catalog does not know (a type dropped meanwhile).</summary>
    public PgType Get(uint oid) => _types.TryGetValue(oid, out var type) ? type : new PgType(oid, "", oid.ToString(System.Globalization.CultureInfo.InvariantCulture), PgTypeKind.Other);

    private PgType Build(uint oid, Dictionary<uint, TypeRow> rows, HashSet<uint> visiting)
    {
        if (_types.TryGetValue(oid, out var known)) return known;
        if (!rows.TryGetValue(oid, out var row) || !visiting.Add(oid)) return Get(oid);
        PgType type;
        if (row.TypType == 'd')
        {
            var baseType = Build(row.BaseType, rows, visiting);
            type = new PgType(oid, row.Schema, row.Name, baseType.Kind, baseType.Element, baseType.Delimiter, baseType.Fields);
        }
        else if (row.Category == 'A' && row.Element != 0)
        {
            var element = Build(row.Element, rows, visiting);
            // array_out separates elements with the element type's typdelim.
            var delimiter = rows.TryGetValue(row.Element, out var elementRow) ? elementRow.Delimiter : row.Element == 603 ? ';' : ',';
            type = new PgType(oid, row.Schema, row.Name, PgTypeKind.Array, element, delimiter);
        }
        else if (row.TypType == 'c')
        {
            var fields = row.AttributeNames.Select((name, i) => new PgTypeField(name, Build(row.AttributeTypes[i], rows, visiting))).ToList();
            type = new PgType(oid, row.Schema, row.Name, PgTypeKind.Composite, fields: fields);
        }
        else
        {
            type = new PgType(oid, row.Schema, row.Name, BuiltinTypes.KindOfBase(oid));
        }
        visiting.Remove(oid);
        return _types.GetOrAdd(oid, type);
    }

    private sealed record TypeRow(uint Oid, string Schema, string Name, char TypType, char Category, uint Element, uint BaseType, char Delimiter, string[] AttributeNames, uint[] AttributeTypes)
    {
        public IEnumerable<uint> Dependencies()
        {
            if (Element != 0) yield return Element;
            if (BaseType != 0) yield return BaseType;
            foreach (var t in AttributeTypes) yield return t;
        }
    }
}
