using System.Globalization;
using AgentHub.Rest.Schema;

namespace AgentHub.Rest.Sql;

/// <summary>State shared while building one statement: the schema, the parameters and alias numbering.</summary>
internal sealed class SqlContext(SchemaSnapshot schema, string schemaName)
{
    private int _aliases;

    public SchemaSnapshot Schema { get; } = schema;

    /// <summary>The request's schema (from the profile headers).</summary>
    public string SchemaName { get; } = schemaName;

    public SqlParameters Parameters { get; } = new();

    /// <summary>A fresh alias (<c>t1</c>, <c>t2</c>...). Aliases never come from request text.</summary>
    public string NextAlias(string prefix = "t") => prefix + (++_aliases).ToString(CultureInfo.InvariantCulture);

    public string Param(SqlParameterType type, object value) => Parameters.Add(type, value);
}
