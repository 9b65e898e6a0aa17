using AgentHub.Testing;

[assembly: AssemblyFixture(typeof(PostgresFixture))]
// A hub, four agents and a browser per test on a 2-core machine: one test at a time keeps every
// wait far inside its timeout, at the cost of a longer (still bounded) run.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
