namespace AgentHub.Auth.Tests;

/// <summary>
/// Tests that start hubs with GOTRUE_* environment variables. The variables are process-wide, so
/// these run alone, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConfiguredHubCollection
{
    public const string Name = "Configured hubs";
}
