namespace AgentHub.Rest.Schema;

/// <summary>
/// An immutable picture of the exposed schemas: relations with their columns and keys, the
/// relationships between them, functions, the API roles' own settings and the type names casts may
/// use. Built once per (re)load and shared by every request until the next one.
/// </summary>
internal sealed class SchemaSnapshot
{
    private static readonly IReadOnlyList<Relationship> NoRelationships = [];
    private static readonly IReadOnlyList<FunctionInfo> NoFunctions = [];

    private readonly Dictionary<QualifiedName, TableInfo> _tables;
    private readonly Dictionary<QualifiedName, List<FunctionInfo>> _functions;
    private readonly Dictionary<QualifiedName, List<Relationship>> _relationships;
    private readonly Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>> _roleSettings;
    private readonly Dictionary<string, string> _types;

    public SchemaSnapshot(
        IEnumerable<TableInfo> tables,
        IEnumerable<ForeignKeyInfo> foreignKeys,
        IEnumerable<FunctionInfo> functions,
        IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, string>>>? roleSettings = null,
        IReadOnlyDictionary<string, string>? types = null)
    {
        _tables = tables.ToDictionary(static t => t.Name);
        _functions = [];
        foreach (var function in functions)
        {
            if (!_functions.TryGetValue(function.Name, out var list))
            {
                _functions[function.Name] = list = [];
            }

            list.Add(function);
        }

        var keys = foreignKeys.Where(fk => _tables.ContainsKey(fk.Table) && _tables.ContainsKey(fk.RefTable)).ToList();
        ForeignKeys = keys;
        _relationships = RelationshipBuilder.Build(_tables, keys);
        _roleSettings = roleSettings?.ToDictionary(StringComparer.Ordinal) ?? [];
        _types = types?.ToDictionary(StringComparer.OrdinalIgnoreCase) ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    }

    public static SchemaSnapshot Empty { get; } = new([], [], []);

    public IReadOnlyList<ForeignKeyInfo> ForeignKeys { get; }

    public IEnumerable<TableInfo> Tables => _tables.Values;

    public TableInfo? Table(string schema, string name) => _tables.GetValueOrDefault(new QualifiedName(schema, name));

    public TableInfo? Table(QualifiedName name) => _tables.GetValueOrDefault(name);

    public IReadOnlyList<FunctionInfo> Functions(string schema, string name) =>
        _functions.TryGetValue(new QualifiedName(schema, name), out var list) ? list : NoFunctions;

    public IEnumerable<QualifiedName> FunctionNames => _functions.Keys;

    public IReadOnlyList<Relationship> RelationshipsFrom(QualifiedName source) =>
        _relationships.TryGetValue(source, out var list) ? list : NoRelationships;

    /// <summary><c>ALTER ROLE ... SET</c> values of a role (user-settable ones only), applied per request.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RoleSettings(string role) =>
        _roleSettings.GetValueOrDefault(role) ?? [];

    /// <summary>The SQL spelling of a cast target named in <c>select</c> (<c>::text</c>), or null when no such type exists.</summary>
    public string? CastType(string name) =>
        _types.TryGetValue(name.Trim(), out var sql) ? sql : CastAliases.GetValueOrDefault(name.Trim().ToLowerInvariant());

    /// <summary>SQL-standard spellings that are not <c>typname</c>s; always available.</summary>
    private static readonly Dictionary<string, string> CastAliases = new(StringComparer.Ordinal)
    {
        ["int"] = "integer", ["integer"] = "integer", ["int2"] = "smallint", ["smallint"] = "smallint",
        ["int4"] = "integer", ["int8"] = "bigint", ["bigint"] = "bigint", ["float"] = "double precision",
        ["float4"] = "real", ["real"] = "real", ["float8"] = "double precision", ["double precision"] = "double precision",
        ["numeric"] = "numeric", ["decimal"] = "numeric", ["bool"] = "boolean", ["boolean"] = "boolean",
        ["text"] = "text", ["varchar"] = "character varying", ["character varying"] = "character varying",
        ["char"] = "character", ["character"] = "character", ["json"] = "json", ["jsonb"] = "jsonb",
        ["date"] = "date", ["time"] = "time without time zone", ["timetz"] = "time with time zone",
        ["timestamp"] = "timestamp without time zone", ["timestamptz"] = "timestamp with time zone",
        ["interval"] = "interval", ["uuid"] = "uuid", ["bytea"] = "bytea", ["money"] = "money",
    };
}
