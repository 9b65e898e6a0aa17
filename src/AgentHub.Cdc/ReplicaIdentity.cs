namespace AgentHub.Cdc;

/// <summary>A table's <c>REPLICA IDENTITY</c>: which old values UPDATE and DELETE carry (spec 6.5).</summary>
public enum ReplicaIdentity
{
    /// <summary>The primary key columns (the default).</summary>
    Default,

    /// <summary>No old values at all.</summary>
    Nothing,

    /// <summary>Every column (<c>REPLICA IDENTITY FULL</c>).</summary>
    Full,

    /// <summary>The columns of a chosen unique index (<c>REPLICA IDENTITY USING INDEX</c>).</summary>
    Index,
}
