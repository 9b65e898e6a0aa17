using AgentHub.Testing;

namespace AgentHub.Rest.IntegrationTests;

/// <summary>A hub per test class, started with the class's schema.</summary>
public abstract class HubFixture(PostgresFixture postgres) : IAsyncLifetime
{
    private RestHub? _hub;

    public RestHub Hub => _hub ?? throw new InvalidOperationException("Hub not started.");

    protected abstract string Name { get; }

    protected abstract string Schema { get; }

    public async ValueTask InitializeAsync() => _hub = await RestHub.StartAsync(postgres, Name, Schema);

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }
}
