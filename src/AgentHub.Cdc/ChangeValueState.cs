namespace AgentHub.Cdc;

/// <summary>See <see cref="ChangeValue.State"/>.</summary>
public enum ChangeValueState : byte
{
    /// <summary>Not in the row (the payload leaves the key out).</summary>
    Absent,

    /// <summary>SQL NULL (JSON <c>null</c>).</summary>
    Null,

    /// <summary>A value.</summary>
    Value,
}
