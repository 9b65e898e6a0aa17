namespace AgentHub.Cdc;

/// <summary>One column of a captured table, in the table's column order.</summary>
/// <param name="Name">The column name, as the catalog spells it.</param>
/// <param name="Type">Its type.</param>
/// <param name="IsPrimaryKey">True when it is part of the table's primary key.</param>
/// <param name="IsReplicaIdentity">True when UPDATE and DELETE carry its old value (key columns by default, every column with <c>REPLICA IDENTITY FULL</c>).</param>
public sealed record ChangeColumn(string Name, PgType Type, bool IsPrimaryKey, bool IsReplicaIdentity);
