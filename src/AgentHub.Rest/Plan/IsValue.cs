namespace AgentHub.Rest.Plan;

/// <summary>Right-hand side of <c>is.</c> (case-insensitive on the wire).</summary>
internal enum IsValue
{
    Null,
    NotNull,
    True,
    False,
    Unknown,
}
