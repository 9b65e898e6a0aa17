using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using AgentHub.Protocol.Phoenix;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentHub.Client.Realtime;

/// <summary>
/// A realtime connection (<c>/realtime/v1/websocket</c>, Phoenix vsn 2.0.0) shared by any number of
/// channels. Sends heartbeats; when the socket drops or a heartbeat goes unanswered it reconnects
/// with backoff and rejoins every channel that was subscribed (re-tracking their presence), then
/// raises <see cref="Connected"/> so callers can catch up on what they missed.
/// </summary>
public sealed class RealtimeClient : IAsyncDisposable
{
    /// <summary>How long a push waits for its reply.</summary>
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    private readonly AgentHubClientOptions _options;
    private readonly Func<string> _token;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, RealtimeChannel> _channels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private ClientWebSocket? _socket;
    private Task? _loops;
    private long _ref;

    /// <summary>Creates a client; nothing connects until <see cref="ConnectAsync"/>.</summary>
    public RealtimeClient(AgentHubClientOptions options, Func<string> token, ILogger? logger = null)
    {
        _options = options;
        _token = token;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>True while the socket is open.</summary>
    public bool IsConnected => _socket?.State == WebSocketState.Open;

    /// <summary>Raised after every connect and reconnect, once subscribed channels have rejoined.</summary>
    public event Action? Connected;

    /// <summary>Raised when the socket drops (the client then reconnects by itself).</summary>
    public event Action<Exception?>? Disconnected;

    /// <summary>A channel on <c>realtime:&lt;name&gt;</c>; one object per name.</summary>
    public RealtimeChannel Channel(string name, ChannelOptions? options = null) =>
        _channels.GetOrAdd("realtime:" + name, topic => new RealtimeChannel(this, topic, options ?? new ChannelOptions(), _logger));

    /// <summary>Connects, retrying with the configured delays up to <see cref="AgentHubClientOptions.MaxAttempts"/> times.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        Exception? last = null;
        for (var attempt = 0; attempt < Math.Max(1, _options.MaxAttempts); attempt++)
        {
            try
            {
                await OpenAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException)
            {
                last = e;
                await Task.Delay(Delay(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
        throw new AgentHubUnavailableException($"Realtime at {_options.Url} is unreachable after {_options.MaxAttempts} attempts: {last?.Message}", last);
    }

    /// <summary>Sends a new access token to every joined channel (after a token refresh).</summary>
    public async Task SetAccessTokenAsync(CancellationToken cancellationToken = default)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["access_token"] = _token() });
        foreach (var channel in _channels.Values.Where(c => c.IsJoined))
        {
            await SendAsync(channel.JoinRef, NextRef(), channel.Topic, PhoenixEventNames.AccessToken, payload, cancellationToken).ConfigureAwait(false);
        }
    }

    internal string CurrentToken() => _token();

    internal string NextRef() => Interlocked.Increment(ref _ref).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Sends a push and waits for its phx_reply; returns the reply payload ({status, response}).</summary>
    internal async Task<JsonElement> PushAsync(string? joinRef, string topic, string @event, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var @ref = NextRef();
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[@ref] = reply;
        try
        {
            await SendAsync(joinRef, @ref, topic, @event, payload, cancellationToken).ConfigureAwait(false);
            return await reply.Task.WaitAsync(ReplyTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new RealtimeException($"No reply to {@event} on {topic} within {ReplyTimeout.TotalSeconds} s.");
        }
        finally
        {
            _pending.TryRemove(@ref, out _);
        }
    }

    internal async Task SendAsync(string? joinRef, string? @ref, string topic, string @event, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var socket = _socket ?? throw new RealtimeException("Not connected.");
        var buffer = new ArrayBufferWriter<byte>(256 + payload.Length);
        PhoenixV2Serializer.Instance.WritePush(buffer, joinRef, @ref, topic, @event, payload.Span);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
        {
            throw new RealtimeException($"The realtime connection dropped while sending {@event}: {e.Message}");
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        var scheme = _options.Url.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        var url = new UriBuilder(new Uri(_options.Url, "realtime/v1/websocket")) { Scheme = scheme, Query = $"apikey={Uri.EscapeDataString(_options.ApiKey)}&vsn=2.0.0" };
        await socket.ConnectAsync(url.Uri, cancellationToken).ConfigureAwait(false);
        _socket = socket;
        // Ends when the receive loop ends, so the heartbeat loop stops at once rather than at its next tick.
        var connection = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        _loops = Task.WhenAll(ReceiveLoopAsync(socket, connection), HeartbeatLoopAsync(socket, connection.Token));
        _ = _loops.ContinueWith(_ => OnSocketEndedAsync(socket), TaskScheduler.Default);
        foreach (var channel in _channels.Values.Where(c => c.WantsJoined))
        {
            try
            {
                await channel.JoinAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RealtimeException e)
            {
                _logger.LogWarning("Rejoining {Topic} failed: {Reason}", channel.Topic, e.Message);
            }
        }
        Connected?.Invoke();
    }

    private async Task OnSocketEndedAsync(ClientWebSocket socket)
    {
        socket.Dispose();
        foreach (var pending in _pending.Values) pending.TrySetException(new RealtimeException("The realtime connection dropped."));
        foreach (var channel in _channels.Values) channel.MarkDisconnected();
        if (_lifetime.IsCancellationRequested) return;
        Disconnected?.Invoke(null);
        for (var attempt = 0; !_lifetime.IsCancellationRequested; attempt++)
        {
            try
            {
                await Task.Delay(Delay(attempt), _lifetime.Token).ConfigureAwait(false);
                await OpenAsync(_lifetime.Token).ConfigureAwait(false);
                _logger.LogInformation("Realtime reconnected after {Attempts} attempt(s)", attempt + 1);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or RealtimeException)
            {
                _logger.LogDebug("Realtime reconnect attempt {Attempt} failed: {Error}", attempt + 1, e.Message);
            }
        }
    }

    private TimeSpan Delay(int attempt) => _options.ReconnectDelays[Math.Min(attempt, _options.ReconnectDelays.Count - 1)];

    private async Task ReceiveLoopAsync(ClientWebSocket socket, CancellationTokenSource connection)
    {
        var message = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                message.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(message.GetMemory(4096), _lifetime.Token).ConfigureAwait(false);
                    message.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                if (result.MessageType == WebSocketMessageType.Close) return;
                if (result.MessageType == WebSocketMessageType.Binary) DispatchBinary(message.WrittenSpan);
                else DispatchText(message.WrittenSpan);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The socket ended; OnSocketEndedAsync reconnects unless we are disposing.
        }
        finally
        {
            await connection.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task HeartbeatLoopAsync(ClientWebSocket socket, CancellationToken connection)
    {
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                await Task.Delay(_options.HeartbeatInterval, connection).ConfigureAwait(false);
                await PushAsync(null, PhoenixEventNames.PhoenixTopic, PhoenixEventNames.Heartbeat, "{}"u8.ToArray(), connection).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is RealtimeException or OperationCanceledException or WebSocketException)
        {
            // No answer to a heartbeat means the connection is dead even if TCP has not noticed.
            socket.Abort();
        }
    }

    private void DispatchText(ReadOnlySpan<byte> frame)
    {
        var parsed = PhoenixV2Serializer.Instance.Parse(frame);
        if (!parsed.IsSuccess)
        {
            _logger.LogWarning("Dropping an unreadable realtime frame: {Error}", parsed.Error);
            return;
        }
        var message = parsed.Value!;
        if (message.Event == PhoenixEventNames.PhxReply && message.Ref is { } @ref && _pending.TryRemove(@ref, out var waiter))
        {
            waiter.TrySetResult(JsonDocument.Parse(message.Payload).RootElement.Clone());
            return;
        }
        if (_channels.TryGetValue(message.Topic, out var channel)) channel.Handle(message);
    }

    private void DispatchBinary(ReadOnlySpan<byte> frame)
    {
        var parsed = PhoenixBinarySerializer.ParseUserBroadcast(frame);
        if (!parsed.IsSuccess || !_channels.TryGetValue(parsed.Value!.Topic, out var channel)) return;
        var broadcast = parsed.Value!;
        var payload = broadcast.PayloadEncoding == PhoenixPayloadEncoding.Json
            ? JsonDocument.Parse(broadcast.Payload).RootElement.Clone()
            : JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(Convert.ToBase64String(broadcast.Payload.Span))).RootElement.Clone();
        channel.DispatchBroadcast(broadcast.UserEvent, payload);
    }

    /// <summary>Leaves every channel and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        if (_socket is { State: WebSocketState.Open } socket)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                socket.Abort();
            }
        }
        if (_loops is not null) await _loops.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _lifetime.Dispose();
    }

    internal static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
