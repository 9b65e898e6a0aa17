namespace AgentHub.Cdc;

/// <summary>What happened to a row; the payload's <c>type</c>. TRUNCATE is not delivered (spec 6.2).</summary>
public enum ChangeKind
{
    /// <summary><c>INSERT</c>: <see cref="ChangeEvent.Record"/> is the new row.</summary>
    Insert,

    /// <summary><c>UPDATE</c>: new row and replica-identity old values.</summary>
    Update,

    /// <summary><c>DELETE</c>: only the replica-identity old values.</summary>
    Delete,
}
