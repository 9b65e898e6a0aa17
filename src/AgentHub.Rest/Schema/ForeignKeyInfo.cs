namespace AgentHub.Rest.Schema;

/// <summary>A foreign key: <see cref="Columns"/> of <see cref="Table"/> reference <see cref="RefColumns"/> of <see cref="RefTable"/>.</summary>
internal sealed record ForeignKeyInfo(
    string Constraint,
    QualifiedName Table,
    IReadOnlyList<string> Columns,
    QualifiedName RefTable,
    IReadOnlyList<string> RefColumns);
