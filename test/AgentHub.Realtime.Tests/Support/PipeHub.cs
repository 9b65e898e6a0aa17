using AgentHub.Auth.Tokens;
using AgentHub.Protocol.Phoenix;
using AgentHub.Realtime.Authorization;
using AgentHub.Realtime.PostgresChanges;
using Npgsql;

namespace AgentHub.Realtime.Tests.Support;

/// <summary>
/// A realtime hub with no HTTP server: sessions run over in-memory pipes. Private channels go to a
/// database that does not exist (nothing listens on port 1), so they exercise the "database
/// unreachable" path; the policy path itself is covered by the integration tests on a real database.
/// </summary>
internal sealed class PipeHub : IAsyncDisposable
{
    private readonly NpgsqlDataSource _unreachable = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody;Timeout=1");
    private readonly List<PipeTestClient> _clients = [];

    public PipeHub(Action<RealtimeOptions>? configure = null)
    {
        Options = new RealtimeOptions
        {
            JoinErrorDelay = TimeSpan.Zero,
            ConnectErrorDelay = TimeSpan.Zero,
            CloseTimeout = TimeSpan.FromSeconds(1),
            AuthorizationTimeout = TimeSpan.FromSeconds(2),
        };
        configure?.Invoke(Options);
        Metrics = new RealtimeMetrics();
        Registry = new PostgresChangesRegistry(Metrics, Logger);
        Hub = new RealtimeHub(
            Options,
            new RealtimeTokenValidator(new TokenVerifier(Tokens.Secret), TimeProvider.System),
            new PostgresChannelAuthorizer(_unreachable, Options.AuthorizationTimeout, Logger),
            Registry,
            Metrics,
            Logger,
            TimeProvider.System);
    }

    public TestTokens Tokens { get; } = TestTokens.Default;

    public RealtimeOptions Options { get; }

    public RealtimeMetrics Metrics { get; }

    public RecordingLogger Logger { get; } = new();

    public PostgresChangesRegistry Registry { get; }

    public RealtimeHub Hub { get; }

    /// <summary>Connects a client with the anon key (or <paramref name="apiKey"/>) as the upgrade would authenticate it.</summary>
    public async Task<PipeTestClient> ConnectAsync(string vsn, string? apiKey = null, long clientBufferBytes = 1 << 20, bool startReceiving = true)
    {
        apiKey ??= Tokens.Anon();
        var validation = await Hub.Tokens.ValidateAsync(apiKey);
        Assert.True(validation.IsValid, validation.Message);
        Assert.True(PhoenixSerializerFactory.TryGetSerializer(vsn, out var serializer));
        var session = Hub.OpenSession(serializer, validation.Token!, apiKey, "{}");
        var client = new PipeTestClient(Hub, session, vsn, clientBufferBytes);
        if (startReceiving) client.StartReceiving();
        lock (_clients) _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            try
            {
                await client.DisposeAsync();
            }
            catch (TimeoutException)
            {
                // A test that left a connection hanging fails on its own assertions; cleanup goes on.
            }
        }

        await Hub.DisposeAsync();
        await _unreachable.DisposeAsync();
    }
}
