namespace AgentHub.Rest.Plan;

/// <summary><c>Prefer: handling=</c>: strict rejects unknown preferences and enforces <c>max-affected</c>.</summary>
internal enum HandlingPreference
{
    Lenient,
    Strict,
}
