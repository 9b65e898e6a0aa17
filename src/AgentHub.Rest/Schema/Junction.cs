namespace AgentHub.Rest.Schema;

/// <summary>The junction table of a many-to-many relationship and the two foreign keys through it.</summary>
/// <param name="Table">The junction table.</param>
/// <param name="SourceConstraint">Foreign key from the junction to the parent.</param>
/// <param name="SourceColumns">Junction columns referencing the parent (pairwise with <see cref="Relationship.SourceColumns"/>).</param>
/// <param name="TargetConstraint">Foreign key from the junction to the embedded table.</param>
/// <param name="TargetColumns">Junction columns referencing the embedded table (pairwise with <see cref="Relationship.TargetColumns"/>).</param>
internal sealed record Junction(
    QualifiedName Table,
    string SourceConstraint,
    IReadOnlyList<string> SourceColumns,
    string TargetConstraint,
    IReadOnlyList<string> TargetColumns);
