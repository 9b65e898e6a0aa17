using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace AgentHub.Bench.Realtime;

/// <summary>Receives every complete frame of a <see cref="LoadSocket"/>, on that socket's receive loop.</summary>
internal interface IFrameSink
{
    void OnFrame(LoadSocket socket, WebSocketMessageType type, ReadOnlySpan<byte> frame);
}

/// <summary>
/// A lean load-generator connection: a raw <see cref="ClientWebSocket"/> speaking Phoenix vsn 2.0.0,
/// one receive loop into one reusable buffer, and no parsing beyond what the sink does itself (the
/// scenarios only look for a timestamp or an event name). A thousand of them must cost the load
/// generator far less CPU than they cost the hub.
/// </summary>
internal sealed class LoadSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _send = new(1, 1);
    private Task? _receive;
    private int _heartbeats;

    private LoadSocket(ClientWebSocket socket, int index)
    {
        _socket = socket;
        Index = index;
    }

    /// <summary>Position of the socket in its scenario (subscriber number, publisher number).</summary>
    public int Index { get; }

    /// <summary>Frames received (written only by the receive loop).</summary>
    public long Frames;

    /// <summary>Scenario-specific counter (deliveries), written only by the receive loop.</summary>
    public long Count;

    /// <summary>Scenario-specific state.</summary>
    public object? State { get; set; }

    /// <summary>Completed once the first <c>phx_reply</c> with status ok arrives (the join).</summary>
    public TaskCompletionSource Joined { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed once a <c>system</c> ok message for postgres_changes arrives.</summary>
    public TaskCompletionSource Subscribed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when the receive loop ended for another reason than our own close.</summary>
    public string? Failure { get; private set; }

    public bool IsOpen => _socket.State == WebSocketState.Open;

    public static async Task<LoadSocket> ConnectAsync(Uri uri, int index, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.SetBuffer(16 * 1024, 4 * 1024);
        await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
        return new LoadSocket(socket, index);
    }

    /// <summary>Starts the receive loop.</summary>
    public void Start(IFrameSink sink) => _receive = ReceiveLoopAsync(sink);

    public async ValueTask SendTextAsync(ReadOnlyMemory<byte> frame)
    {
        await _send.WaitAsync().ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _send.Release();
        }
    }

    public ValueTask SendTextAsync(string frame) => SendTextAsync(Encoding.UTF8.GetBytes(frame));

    public async ValueTask SendBinaryAsync(ReadOnlyMemory<byte> frame)
    {
        await _send.WaitAsync().ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>A Phoenix heartbeat, as realtime-js sends every 25 s (the hub closes sockets silent for 60 s).</summary>
    public ValueTask HeartbeatAsync()
    {
        var n = Interlocked.Increment(ref _heartbeats);
        return SendTextAsync($"[null,\"hb{n}\",\"phoenix\",\"heartbeat\",{{}}]");
    }

    private async Task ReceiveLoopAsync(IFrameSink sink)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(8 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_socket.CloseStatus is { } status && status != WebSocketCloseStatus.NormalClosure && !_closing)
                    {
                        Failure = $"closed by the hub: {(int)status} {_socket.CloseStatusDescription}";
                    }
                    return;
                }

                length += result.Count;
                if (!result.EndOfMessage)
                {
                    if (length == buffer.Length)
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                    continue;
                }

                Frames++;
                sink.OnFrame(this, result.MessageType, buffer.AsSpan(0, length));
                length = 0;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (!_closing) Failure = e.Message;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Joined.TrySetException(new InvalidOperationException(Failure ?? "the socket closed before the join reply"));
            Subscribed.TrySetException(new InvalidOperationException(Failure ?? "the socket closed before postgres_changes were subscribed"));
        }
    }

    private volatile bool _closing;

    /// <summary>Closes cleanly (the hub answers the close), waiting at most <paramref name="timeout"/>.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        _closing = true;
        try
        {
            using var deadline = new CancellationTokenSource(timeout);
            await _send.WaitAsync(deadline.Token).ConfigureAwait(false);
            try
            {
                if (_socket.State == WebSocketState.Open)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bench done", deadline.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                _send.Release();
            }
            if (_receive is not null) await _receive.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException or ObjectDisposedException)
        {
            _socket.Abort();
        }
    }

    public ValueTask DisposeAsync()
    {
        _closing = true;
        _socket.Dispose();
        _send.Dispose();
        return ValueTask.CompletedTask;
    }
}
