namespace AgentHub.Rest.Schema;

/// <summary>
/// A way to embed <see cref="Target"/> rows in <see cref="Source"/> rows. Joins pair
/// <see cref="SourceColumns"/>[i] with <see cref="TargetColumns"/>[i] (through the junction for many-to-many).
/// </summary>
/// <param name="Source">The parent relation.</param>
/// <param name="Target">The embedded relation.</param>
/// <param name="Cardinality">What the embed yields.</param>
/// <param name="Constraint">The foreign key's name (for many-to-many, the junction table's name).</param>
/// <param name="SourceColumns">Parent columns of the join.</param>
/// <param name="TargetColumns">Embedded-table columns of the join.</param>
/// <param name="Junction">The junction of a many-to-many relationship.</param>
/// <param name="SourceHoldsKey">Whether the parent holds the foreign key (many-to-one, or one-to-one from the referencing side).</param>
internal sealed record Relationship(
    QualifiedName Source,
    QualifiedName Target,
    Cardinality Cardinality,
    string Constraint,
    IReadOnlyList<string> SourceColumns,
    IReadOnlyList<string> TargetColumns,
    Junction? Junction = null,
    bool SourceHoldsKey = false)
{
    public bool IsToOne => Cardinality is Cardinality.ManyToOne or Cardinality.OneToOne;

    /// <summary>PostgREST's cardinality word, used in PGRST201 details.</summary>
    public string CardinalityText => Cardinality switch
    {
        Cardinality.ManyToOne => "many-to-one",
        Cardinality.OneToMany => "one-to-many",
        Cardinality.OneToOne => "one-to-one",
        _ => "many-to-many",
    };
}
