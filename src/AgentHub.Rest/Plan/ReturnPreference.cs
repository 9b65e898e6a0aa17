namespace AgentHub.Rest.Plan;

/// <summary><c>Prefer: return=</c>; writes default to <see cref="Minimal"/>.</summary>
internal enum ReturnPreference
{
    Minimal,
    HeadersOnly,
    Representation,
}
