using System.Collections.Concurrent;
using AgentHub.Auth.Tokens;
using AgentHub.Protocol.Phoenix;
using AgentHub.Realtime.Authorization;
using AgentHub.Realtime.Handlers;
using AgentHub.Realtime.PostgresChanges;
using AgentHub.Realtime.Presence;
using AgentHub.Realtime.Transport;
using Microsoft.Extensions.Logging;

namespace AgentHub.Realtime;

/// <summary>
/// The realtime server of one hub: shared services (token validation, channel authorization,
/// channel registry, change-capture registry, counters) and the live connections.
/// </summary>
/// <remarks>
/// Lifecycle: created at startup; connections run through <see cref="RunAsync"/>; an idle sweep
/// every few seconds closes connections silent for <see cref="RealtimeOptions.IdleTimeout"/> (a
/// sweep instead of a timer per connection keeps idle connections free of timers); on shutdown
/// every connection is asked to close (1001) and gets <see cref="RealtimeOptions.CloseTimeout"/>
/// to do so.
/// </remarks>
internal sealed class RealtimeHub : IAsyncDisposable
{
    private readonly ConcurrentDictionary<RealtimeSession, Task> _sessions = new();
    private readonly ITimer _idleSweep;
    private int _reserved;

    public RealtimeHub(
        RealtimeOptions options,
        RealtimeTokenValidator tokens,
        IChannelAuthorizer authorizer,
        PostgresChangesRegistry postgresChanges,
        RealtimeMetrics metrics,
        ILogger logger,
        TimeProvider time,
        IPresenceObserver? presenceObserver = null)
    {
        Options = options;
        Tokens = tokens;
        Authorizer = authorizer;
        PostgresChanges = postgresChanges;
        Metrics = metrics;
        Logger = logger;
        Time = time;
        Channels = new ChannelRegistry(metrics, presenceObserver);
        Joins = new JoinHandler(this);
        Broadcasts = new BroadcastHandler(this);
        Presences = new PresenceHandler(this);
        AccessTokens = new AccessTokenHandler(this);
        var sweep = TimeSpan.FromTicks(Math.Clamp(options.IdleTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 100, TimeSpan.TicksPerSecond * 5));
        _idleSweep = time.CreateTimer(static state => ((RealtimeHub)state!).SweepIdle(), this, sweep, sweep);
    }

    public RealtimeOptions Options { get; }

    public RealtimeTokenValidator Tokens { get; }

    public IChannelAuthorizer Authorizer { get; }

    public PostgresChangesRegistry PostgresChanges { get; }

    public RealtimeMetrics Metrics { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    public ChannelRegistry Channels { get; }

    public JoinHandler Joins { get; }

    public BroadcastHandler Broadcasts { get; }

    public PresenceHandler Presences { get; }

    public AccessTokenHandler AccessTokens { get; }

    /// <summary>Live connections.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>Claims a connection slot; false when <see cref="RealtimeOptions.MaxConnections"/> are in use.</summary>
    public bool TryReserveConnection()
    {
        if (Interlocked.Increment(ref _reserved) <= Options.MaxConnections)
        {
            return true;
        }

        Interlocked.Decrement(ref _reserved);
        return false;
    }

    public void ReleaseConnection() => Interlocked.Decrement(ref _reserved);

    public RealtimeSession OpenSession(PhoenixSerializer serializer, VerifiedToken token, string rawToken, string headersJson) =>
        new(this, serializer, token, rawToken, headersJson);

    /// <summary>Runs a connection until it closes; the caller owns the transport and its slot.</summary>
    public async Task RunAsync(RealtimeSession session, IFrameTransport transport)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sessions[session] = completion.Task;
        Metrics.ConnectionOpened();
        Log.ConnectionOpened(Logger, session.Id, session.Serializer.Vsn, session.ConnectToken.Role);
        try
        {
            await ConnectionRunner.RunAsync(this, session, transport).ConfigureAwait(false);
        }
        finally
        {
            _sessions.TryRemove(session, out _);
            Metrics.ConnectionClosed();
            completion.TrySetResult();
        }
    }

    /// <summary>Delivers a broadcast from outside any connection (the HTTP API) to a channel, if it has members.</summary>
    public void Publish(ChannelKey key, FanOut.FanOutMessage message) => Channels.Find(key)?.Broadcast(message, sender: null);

    /// <summary>Asks every connection to close (server shutting down).</summary>
    public void Shutdown()
    {
        foreach (var session in _sessions.Keys)
        {
            session.RequestClose(RealtimeCloseReason.ShuttingDown);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _idleSweep.DisposeAsync().ConfigureAwait(false);
        Shutdown();
        var running = _sessions.Values.ToArray();
        try
        {
            await Task.WhenAll(running).WaitAsync(Options.CloseTimeout * 2, Time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The host aborts what is left when it stops.
        }
    }

    private void SweepIdle()
    {
        foreach (var session in _sessions.Keys)
        {
            var idle = Time.GetElapsedTime(session.LastActivity);
            if (idle > Options.IdleTimeout && session.RequestClose(RealtimeCloseReason.IdleTimeout))
            {
                Metrics.IdleDisconnected();
                Log.IdleTimeout(Logger, session.Id, Math.Round(idle.TotalSeconds, 1));
            }
        }
    }
}
