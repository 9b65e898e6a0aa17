using AgentHub.Testing;

namespace AgentHub.Auth.Tests;

/// <summary>One hub with default settings per test class (tests use their own users, so they share it).</summary>
public sealed class AuthHubFixture(PostgresFixture postgres) : IAsyncLifetime
{
    private AuthHub? _hub;

    public AuthHub Hub => _hub ?? throw new InvalidOperationException("The hub has not started.");

    /// <summary>The shared cluster, for tests that need a hub of their own.</summary>
    public PostgresFixture Postgres => postgres;

    public async ValueTask InitializeAsync() => _hub = await AuthHub.StartAsync(postgres, "auth");

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null) await _hub.DisposeAsync();
    }
}
