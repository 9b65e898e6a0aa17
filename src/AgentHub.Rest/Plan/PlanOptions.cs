namespace AgentHub.Rest.Plan;

/// <summary>EXPLAIN options from <c>options=analyze|verbose|...</c> of the plan media type.</summary>
[Flags]
internal enum PlanOptions
{
    None = 0,
    Analyze = 1,
    Verbose = 2,
    Settings = 4,
    Buffers = 8,
    Wal = 16,
}
