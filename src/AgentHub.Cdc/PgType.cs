namespace AgentHub.Cdc;

/// <summary>
/// A PostgreSQL data type as change capture needs it: its name for the payload's <c>columns</c>
/// list, and how its text form becomes JSON (like <c>to_jsonb</c>) and compares in filters.
/// Immutable and shared by every event of a relation.
/// </summary>
public sealed class PgType
{
    internal PgType(uint oid, string schema, string name, PgTypeKind kind, PgType? element = null, char delimiter = ',', IReadOnlyList<PgTypeField>? fields = null)
    {
        Oid = oid;
        Schema = schema;
        Name = name;
        Kind = kind;
        Element = element;
        Delimiter = delimiter;
        Fields = fields ?? [];
    }

    /// <summary>The type's OID.</summary>
    public uint Oid { get; }

    /// <summary>The schema the type lives in (<c>pg_catalog</c> for built-in types).</summary>
    public string Schema { get; }

    /// <summary>The type's <c>typname</c>: <c>int8</c>, <c>timestamptz</c>, <c>_text</c> for arrays, a domain's or enum's own name.</summary>
    public string Name { get; }

    /// <summary>How values behave; a domain has the kind of its base type.</summary>
    internal PgTypeKind Kind { get; }

    /// <summary>The element type of an array type.</summary>
    internal PgType? Element { get; }

    /// <summary>The array element delimiter (<c>;</c> for <c>box</c>, <c>,</c> otherwise).</summary>
    internal char Delimiter { get; }

    /// <summary>The attributes of a composite type, in attribute order.</summary>
    internal IReadOnlyList<PgTypeField> Fields { get; }

    /// <summary>True for the kinds LIKE, ILIKE and regular expressions apply to.</summary>
    internal bool IsTextLike => Kind is PgTypeKind.Text or PgTypeKind.BpChar or PgTypeKind.Other;

    /// <summary>A SQL name PostgreSQL error messages use for this type (<c>integer</c> rather than <c>int4</c>).</summary>
    internal string DisplayName => Schema == "pg_catalog" && SqlNames.TryGetValue(Name, out var sql) ? sql : Name;

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>
    /// A built-in type by its <c>typname</c> (<c>int8</c>, <c>text</c>, <c>_int4</c>, …), for hosts and tests
    /// that build events by hand. Types of the database itself (enums, domains, composites) come from
    /// the catalog through the replication worker or <see cref="RelationCatalog"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not one of the built-in types this library knows.</exception>
    public static PgType Builtin(string name) =>
        BuiltinTypes.ByName.TryGetValue(name, out var type) ? type : throw new ArgumentException($"'{name}' is not a built-in type known to change capture.", nameof(name));

    /// <summary>A built-in type by OID, or null.</summary>
    internal static PgType? BuiltinByOid(uint oid) => BuiltinTypes.ByOid.GetValueOrDefault(oid);

    private static readonly Dictionary<string, string> SqlNames = new()
    {
        ["int2"] = "smallint", ["int4"] = "integer", ["int8"] = "bigint", ["float4"] = "real",
        ["float8"] = "double precision", ["bool"] = "boolean", ["varchar"] = "character varying",
        ["bpchar"] = "character", ["timestamptz"] = "timestamp with time zone",
        ["timestamp"] = "timestamp without time zone", ["timetz"] = "time with time zone",
        ["time"] = "time without time zone",
    };
}

/// <summary>One attribute of a composite type.</summary>
internal sealed record PgTypeField(string Name, PgType Type);
