using System.Text.Json;
using AgentHub.Protocol.Phoenix;
using Microsoft.Extensions.Logging;

namespace AgentHub.Client.Realtime;

/// <summary>
/// One channel on a <see cref="RealtimeClient"/>: register handlers, then <see cref="SubscribeAsync"/>.
/// After a reconnect the client rejoins it and re-tracks the last presence payload by itself.
/// </summary>
public sealed class RealtimeChannel
{
    private readonly RealtimeClient _client;
    private readonly ChannelOptions _options;
    private readonly ILogger _logger;
    private readonly List<(string Event, Action<JsonElement> Handler)> _broadcastHandlers = [];
    private readonly List<PostgresChangesBinding> _changeBindings = [];
    private readonly List<Action> _presenceHandlers = [];
    private byte[]? _trackedPayload;

    internal RealtimeChannel(RealtimeClient client, string topic, ChannelOptions options, ILogger logger)
    {
        _client = client;
        Topic = topic;
        _options = options;
        _logger = logger;
    }

    /// <summary>The full topic, <c>realtime:&lt;name&gt;</c>.</summary>
    public string Topic { get; }

    /// <summary>Who is present, kept up to date while joined.</summary>
    public PresenceState Presence { get; } = new();

    /// <summary>True while joined.</summary>
    public bool IsJoined { get; private set; }

    /// <summary>Raised for <c>system</c> messages (for example a postgres_changes subscription failing).</summary>
    public event Action<JsonElement>? SystemMessage;

    internal string? JoinRef { get; private set; }

    internal bool WantsJoined { get; private set; }

    /// <summary>Calls <paramref name="handler"/> with the payload of broadcasts named <paramref name="event"/> (* for all).</summary>
    public RealtimeChannel OnBroadcast(string @event, Action<JsonElement> handler)
    {
        _broadcastHandlers.Add((@event, handler));
        return this;
    }

    /// <summary>Calls <paramref name="handler"/> for row changes; register before subscribing.</summary>
    public RealtimeChannel OnPostgresChanges(string @event, string schema, string? table, string? filter, Action<PostgresChange> handler)
    {
        if (WantsJoined) throw new InvalidOperationException("Register postgres_changes handlers before SubscribeAsync.");
        _changeBindings.Add(new PostgresChangesBinding(@event, schema, table, filter, handler));
        return this;
    }

    /// <summary>Calls <paramref name="handler"/> whenever the presence state changes.</summary>
    public RealtimeChannel OnPresenceChanged(Action handler)
    {
        _presenceHandlers.Add(handler);
        return this;
    }

    /// <summary>Joins; throws <see cref="RealtimeException"/> with the server's reason if refused.</summary>
    public Task SubscribeAsync(CancellationToken cancellationToken = default)
    {
        WantsJoined = true;
        return JoinAsync(cancellationToken);
    }

    /// <summary>Tracks this client's presence with <paramref name="payload"/> (re-tracked after reconnects).</summary>
    public async Task TrackAsync(object payload, CancellationToken cancellationToken = default)
    {
        _trackedPayload = JsonSerializer.SerializeToUtf8Bytes(payload, Rest.RestClient.Json);
        await SendTrackAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes this client's presence.</summary>
    public async Task UntrackAsync(CancellationToken cancellationToken = default)
    {
        _trackedPayload = null;
        await ExpectOkAsync(PhoenixEventNames.Presence, """{"type":"presence","event":"untrack"}"""u8.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Broadcasts to the channel; with <see cref="ChannelOptions.BroadcastAck"/> waits for the server's ack.</summary>
    public async Task SendBroadcastAsync(string @event, object payload, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["type"] = "broadcast", ["event"] = @event, ["payload"] = payload }, Rest.RestClient.Json);
        if (_options.BroadcastAck) await ExpectOkAsync(PhoenixEventNames.Broadcast, body, cancellationToken).ConfigureAwait(false);
        else await _client.SendAsync(JoinRef, _client.NextRef(), Topic, PhoenixEventNames.Broadcast, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Leaves the channel (it is not rejoined after reconnects).</summary>
    public async Task UnsubscribeAsync(CancellationToken cancellationToken = default)
    {
        WantsJoined = false;
        if (!IsJoined) return;
        IsJoined = false;
        await _client.PushAsync(JoinRef, Topic, PhoenixEventNames.PhxLeave, "{}"u8.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    internal async Task JoinAsync(CancellationToken cancellationToken)
    {
        JoinRef = _client.NextRef();
        Presence.Reset();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["config"] = new Dictionary<string, object?>
            {
                ["broadcast"] = new Dictionary<string, bool> { ["ack"] = _options.BroadcastAck, ["self"] = _options.BroadcastSelf },
                ["presence"] = new Dictionary<string, object> { ["key"] = _options.PresenceKey, ["enabled"] = _presenceHandlers.Count > 0 || _trackedPayload is not null },
                ["postgres_changes"] = _changeBindings.Select(b => Entry(b)).ToArray(),
                ["private"] = _options.Private,
            },
            ["access_token"] = _client.CurrentToken(),
        });
        var reply = await _client.PushAsync(JoinRef, Topic, PhoenixEventNames.PhxJoin, payload, cancellationToken).ConfigureAwait(false);
        if (Status(reply) != "ok") throw new RealtimeException($"Joining {Topic} was refused: {Reason(reply)}");

        if (reply.TryGetProperty("response", out var response) && response.TryGetProperty("postgres_changes", out var ids))
        {
            var i = 0;
            foreach (var entry in ids.EnumerateArray())
            {
                if (i < _changeBindings.Count && entry.TryGetProperty("id", out var id) && id.TryGetInt64(out var value)) _changeBindings[i].ServerId = value;
                i++;
            }
        }
        IsJoined = true;
        if (_trackedPayload is not null) await SendTrackAsync(cancellationToken).ConfigureAwait(false);
    }

    internal void MarkDisconnected() => IsJoined = false;

    internal void Handle(PhoenixMessage message)
    {
        // Frames of an earlier join of this channel are stale (Phoenix's rule).
        if (message.JoinRef is not null && message.JoinRef != JoinRef) return;
        var payload = JsonDocument.Parse(message.Payload).RootElement;
        switch (message.Event)
        {
            case PhoenixEventNames.Broadcast:
                if (payload.TryGetProperty("event", out var name) && payload.TryGetProperty("payload", out var body)) DispatchBroadcast(name.GetString() ?? "", body.Clone());
                break;
            case PhoenixEventNames.PostgresChanges:
                DispatchChange(payload);
                break;
            case PhoenixEventNames.PresenceState:
                Presence.ApplyState(payload);
                NotifyPresence();
                break;
            case PhoenixEventNames.PresenceDiff:
                Presence.ApplyDiff(payload);
                NotifyPresence();
                break;
            case PhoenixEventNames.System:
                SystemMessage?.Invoke(payload.Clone());
                break;
            case PhoenixEventNames.PhxError or PhoenixEventNames.PhxClose:
                IsJoined = false;
                if (WantsJoined) _ = RejoinLaterAsync();
                break;
        }
    }

    internal void DispatchBroadcast(string @event, JsonElement payload)
    {
        foreach (var (name, handler) in _broadcastHandlers)
        {
            if (name == "*" || string.Equals(name, @event, StringComparison.OrdinalIgnoreCase)) Invoke(() => handler(payload));
        }
    }

    private void DispatchChange(JsonElement payload)
    {
        if (!payload.TryGetProperty("data", out var data) || !payload.TryGetProperty("ids", out var ids)) return;
        var matched = ids.EnumerateArray().Select(i => i.TryGetInt64(out var v) ? v : 0).ToHashSet();
        var type = data.TryGetProperty("type", out var t) ? t.GetString() : null;
        PostgresChange? change = null;
        foreach (var binding in _changeBindings)
        {
            if (binding.ServerId is not { } id || !matched.Contains(id)) continue;
            if (binding.Event != "*" && !string.Equals(binding.Event, type, StringComparison.OrdinalIgnoreCase)) continue;
            change ??= PostgresChange.FromData(data);
            Invoke(() => binding.Handler(change));
        }
    }

    private void NotifyPresence()
    {
        foreach (var handler in _presenceHandlers) Invoke(handler);
    }

    private void Invoke(Action handler)
    {
        try
        {
            handler();
        }
        catch (Exception e)
        {
            // A failing handler must not take the connection's receive loop down with it.
            _logger.LogError(e, "A realtime handler on {Topic} threw", Topic);
        }
    }

    private async Task RejoinLaterAsync()
    {
        foreach (var delay in new[] { 1, 2, 5, 10, 10, 10 })
        {
            await Task.Delay(TimeSpan.FromSeconds(delay)).ConfigureAwait(false);
            if (!WantsJoined || IsJoined || !_client.IsConnected) return;
            try
            {
                await JoinAsync(CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (RealtimeException e)
            {
                _logger.LogWarning("Rejoining {Topic} failed: {Reason}", Topic, e.Message);
            }
        }
    }

    private async Task SendTrackAsync(CancellationToken cancellationToken)
    {
        var body = new List<byte>(64 + _trackedPayload!.Length);
        body.AddRange("""{"type":"presence","event":"track","payload":"""u8.ToArray());
        body.AddRange(_trackedPayload);
        body.Add((byte)'}');
        await ExpectOkAsync(PhoenixEventNames.Presence, body.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private async Task ExpectOkAsync(string @event, byte[] payload, CancellationToken cancellationToken)
    {
        var reply = await _client.PushAsync(JoinRef, Topic, @event, payload, cancellationToken).ConfigureAwait(false);
        if (Status(reply) != "ok") throw new RealtimeException($"{@event} on {Topic} was refused: {Reason(reply)}");
    }

    private static Dictionary<string, object?> Entry(PostgresChangesBinding binding)
    {
        var entry = new Dictionary<string, object?> { ["event"] = binding.Event, ["schema"] = binding.Schema };
        if (binding.Table is not null) entry["table"] = binding.Table;
        if (binding.Filter is not null) entry["filter"] = binding.Filter;
        return entry;
    }

    private static string? Status(JsonElement reply) => reply.TryGetProperty("status", out var s) ? s.GetString() : null;

    private static string Reason(JsonElement reply) =>
        reply.TryGetProperty("response", out var r) ? (r.TryGetProperty("reason", out var reason) ? reason.ToString() : r.ToString()) : reply.ToString();
}
