using AgentHub.Testing;

[assembly: AssemblyFixture(typeof(PostgresFixture))]
