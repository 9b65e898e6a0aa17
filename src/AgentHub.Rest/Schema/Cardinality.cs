namespace AgentHub.Rest.Schema;

/// <summary>How many related rows one parent row has (data-api.md §6).</summary>
internal enum Cardinality
{
    /// <summary>The parent holds the foreign key: an object or null.</summary>
    ManyToOne,
    /// <summary>The child holds the foreign key: an array.</summary>
    OneToMany,
    /// <summary>The foreign-key columns are also a key: an object or null.</summary>
    OneToOne,
    /// <summary>Through a junction table: an array.</summary>
    ManyToMany,
}
