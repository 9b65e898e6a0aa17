namespace AgentHub.Rest.Sql;

/// <summary>How a parameter is sent to Postgres.</summary>
internal enum SqlParameterType
{
    /// <summary>Text sent as type <c>unknown</c>: Postgres infers the type from context, exactly like an untyped literal (filter values).</summary>
    Unknown,
    /// <summary><c>text</c> (JSON keys, column names compared as text).</summary>
    Text,
    /// <summary><c>json</c> (request bodies).</summary>
    Json,
    /// <summary><c>bigint</c> (limit, offset).</summary>
    BigInt,
    /// <summary><c>integer</c> (JSON array indexes).</summary>
    Integer,
}
