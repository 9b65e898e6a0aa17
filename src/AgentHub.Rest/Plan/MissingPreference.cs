namespace AgentHub.Rest.Plan;

/// <summary><c>Prefer: missing=</c>: what a <c>columns</c> column absent from a payload object becomes.</summary>
internal enum MissingPreference
{
    Null,
    Default,
}
