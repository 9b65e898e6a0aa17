using AgentHub.Realtime.Tests.Support;

// One real hub (with its own real PostgreSQL cluster) for every integration test in this assembly;
// unit tests run sessions over in-memory pipes and need neither.
[assembly: AssemblyFixture(typeof(HubFixture))]
