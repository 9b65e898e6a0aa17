namespace AgentHub.Rest.Plan;

/// <summary><c>Prefer: resolution=</c>; its presence turns a POST into an upsert.</summary>
internal enum ResolutionPreference
{
    MergeDuplicates,
    IgnoreDuplicates,
}
