namespace AgentHub.Rest.Sql;

/// <summary>What the statement's body column holds.</summary>
internal enum BodyKind
{
    /// <summary>No body (HEAD, <c>return=minimal</c>, void functions).</summary>
    None,
    /// <summary>A JSON array of the rows.</summary>
    Array,
    /// <summary>The single row as a JSON object (406 unless exactly one row).</summary>
    Singular,
    /// <summary>CSV text.</summary>
    Csv,
    /// <summary>A scalar function's value as bare JSON.</summary>
    Scalar,
    /// <summary>Text (text/plain, text/xml RPC results) written as is.</summary>
    Text,
}
