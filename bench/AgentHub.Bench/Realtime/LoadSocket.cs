using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace AgentHub.Bench.Realtime;

/// <summary>Receives every complete message of a <see cref="LoadSocket"/>, on that socket's receive loop.</summary>
internal interface IFrameSink
{
    void OnFrame(LoadSocket socket, WebSocketMessageType type, ReadOnlySpan<byte> frame);
}

/// <summary>
/// A lean load-generator connection: a raw TCP socket speaking just enough WebSocket (RFC 6455) for
/// Phoenix vsn 2.0.0. One receive loop reads whatever the kernel has into one buffer and hands every
/// complete message in it to the sink, so a burst of small frames costs one system call, not one
/// each; nothing is parsed beyond the frame headers (the scenarios look for a timestamp or an event
/// name themselves). A thousand of these must cost the load generator far less CPU than they cost
/// the hub, which is the point: <see cref="ClientWebSocket"/> costs about as much per message as the
/// hub's whole delivery path.
/// </summary>
/// <remarks>
/// Client frames are masked, as the protocol requires, with an all-zero key: the hub unmasks every
/// byte the same way whatever the key, and the load generator then needs no XOR pass of its own.
/// </remarks>
internal sealed class LoadSocket : IAsyncDisposable
{
    private const int InitialBuffer = 16 * 1024;

    private readonly Socket _socket;
    private readonly SemaphoreSlim _send = new(1, 1);
    private byte[] _sendBuffer = new byte[512];
    private Task? _receive;
    private int _heartbeats;
    private volatile bool _closing;
    private byte[] _buffer;
    private int _start;
    private int _end;

    private LoadSocket(Socket socket, int index, byte[] buffer, int end)
    {
        _socket = socket;
        Index = index;
        _buffer = buffer;
        _end = end;
    }

    /// <summary>Position of the socket in its scenario (subscriber number, publisher number).</summary>
    public int Index { get; }

    /// <summary>Messages received (written only by the receive loop).</summary>
    public long Frames;

    /// <summary>Scenario-specific counter (deliveries), written only by the receive loop.</summary>
    public long Count;

    /// <summary>Scenario-specific state.</summary>
    public object? State { get; set; }

    /// <summary>Completed once the join reply (ref "j1") arrives.</summary>
    public TaskCompletionSource Joined { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed once a <c>system</c> ok message for postgres_changes arrives.</summary>
    public TaskCompletionSource Subscribed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when the receive loop ended for another reason than our own close.</summary>
    public string? Failure { get; private set; }

    public bool IsOpen => !_closing && Failure is null;

    /// <summary>Connects and performs the WebSocket handshake.</summary>
    public static async Task<LoadSocket> ConnectAsync(Uri url, int index, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(url.Host, url.Port, cancellationToken);
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            var request = $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                          $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, cancellationToken);

            var buffer = new byte[InitialBuffer];
            var length = 0;
            int headerEnd;
            while ((headerEnd = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken);
                if (n == 0 || length + n == buffer.Length) throw new WebSocketException("the hub closed the connection during the handshake");
                length += n;
            }
            var head = Encoding.ASCII.GetString(buffer, 0, headerEnd);
            if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal)) throw new WebSocketException("handshake refused: " + head.Split("\r\n")[0]);
            var rest = length - (headerEnd + 4);
            buffer.AsSpan(headerEnd + 4, rest).CopyTo(buffer);
            return new LoadSocket(socket, index, buffer, rest);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Starts the receive loop.</summary>
    public void Start(IFrameSink sink) => _receive = ReceiveLoopAsync(sink);

    public ValueTask SendTextAsync(ReadOnlyMemory<byte> payload) => SendAsync(0x1, payload);

    public ValueTask SendTextAsync(string payload) => SendAsync(0x1, Encoding.UTF8.GetBytes(payload));

    public ValueTask SendBinaryAsync(ReadOnlyMemory<byte> payload) => SendAsync(0x2, payload);

    /// <summary>A Phoenix heartbeat, as realtime-js sends every 25 s (the hub closes sockets silent for 60 s).</summary>
    public ValueTask HeartbeatAsync()
    {
        var n = Interlocked.Increment(ref _heartbeats);
        return SendTextAsync($"[null,\"hb{n}\",\"phoenix\",\"heartbeat\",{{}}]");
    }

    private async ValueTask SendAsync(byte opcode, ReadOnlyMemory<byte> payload)
    {
        await _send.WaitAsync().ConfigureAwait(false);
        try
        {
            var needed = payload.Length + 14;
            if (_sendBuffer.Length < needed) _sendBuffer = new byte[Math.Max(needed, _sendBuffer.Length * 2)];
            var header = WriteHeader(_sendBuffer, opcode, payload.Length);
            payload.Span.CopyTo(_sendBuffer.AsSpan(header));
            var frame = _sendBuffer.AsMemory(0, header + payload.Length);
            while (frame.Length > 0)
            {
                var sent = await _socket.SendAsync(frame, SocketFlags.None).ConfigureAwait(false);
                frame = frame[sent..];
            }
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>FIN + opcode, MASK + length (7, 16 or 64 bits), then an all-zero masking key.</summary>
    private static int WriteHeader(byte[] buffer, byte opcode, int length)
    {
        buffer[0] = (byte)(0x80 | opcode);
        int at;
        if (length < 126)
        {
            buffer[1] = (byte)(0x80 | length);
            at = 2;
        }
        else if (length <= ushort.MaxValue)
        {
            buffer[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)length);
            at = 4;
        }
        else
        {
            buffer[1] = 0x80 | 127;
            BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(2), (ulong)length);
            at = 10;
        }
        buffer.AsSpan(at, 4).Clear();
        return at + 4;
    }

    private async Task ReceiveLoopAsync(IFrameSink sink)
    {
        byte[]? message = null; // a fragmented message being assembled (the hub does not fragment, but the protocol allows it)
        var messageLength = 0;
        var messageType = WebSocketMessageType.Text;
        try
        {
            while (true)
            {
                // Hand every complete frame in the buffer to the sink.
                while (TryTakeFrame(out var fin, out var opcode, out var payload))
                {
                    switch (opcode)
                    {
                        case 0x0 or 0x1 or 0x2:
                            if (opcode != 0) messageType = opcode == 0x2 ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
                            if (fin && message is null)
                            {
                                Frames++;
                                sink.OnFrame(this, messageType, _buffer.AsSpan(payload.Start, payload.Length));
                                break;
                            }
                            message ??= ArrayPool<byte>.Shared.Rent(Math.Max(payload.Length * 2, 4096));
                            if (messageLength + payload.Length > message.Length)
                            {
                                var bigger = ArrayPool<byte>.Shared.Rent((messageLength + payload.Length) * 2);
                                message.AsSpan(0, messageLength).CopyTo(bigger);
                                ArrayPool<byte>.Shared.Return(message);
                                message = bigger;
                            }
                            _buffer.AsSpan(payload.Start, payload.Length).CopyTo(message.AsSpan(messageLength));
                            messageLength += payload.Length;
                            if (fin)
                            {
                                Frames++;
                                sink.OnFrame(this, messageType, message.AsSpan(0, messageLength));
                                ArrayPool<byte>.Shared.Return(message);
                                message = null;
                                messageLength = 0;
                            }
                            break;
                        case 0x8:
                            var status = payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(payload.Start)) : 1005;
                            if (status != 1000 && !_closing)
                            {
                                Failure = $"closed by the hub: {status} {Encoding.UTF8.GetString(_buffer, payload.Start + 2, Math.Max(0, payload.Length - 2))}";
                            }
                            return;
                        case 0x9:
                            await SendAsync(0xA, _buffer.AsMemory(payload.Start, payload.Length).ToArray()).ConfigureAwait(false);
                            break;
                    }
                }

                // Make room: move a partial frame to the front, grow for a frame larger than the buffer.
                if (_start > 0)
                {
                    _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                    _end -= _start;
                    _start = 0;
                }
                if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);

                var received = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None).ConfigureAwait(false);
                if (received == 0)
                {
                    if (!_closing) Failure = "the hub closed the connection without a close frame";
                    return;
                }
                _end += received;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            if (!_closing) Failure = e.Message;
        }
        finally
        {
            if (message is not null) ArrayPool<byte>.Shared.Return(message);
            Joined.TrySetException(new InvalidOperationException(Failure ?? "the socket closed before the join reply"));
            Subscribed.TrySetException(new InvalidOperationException(Failure ?? "the socket closed before postgres_changes were subscribed"));
        }
    }

    /// <summary>Takes one complete frame (unmasked, server to client) off the front of the buffer.</summary>
    private bool TryTakeFrame(out bool fin, out int opcode, out (int Start, int Length) payload)
    {
        fin = false;
        opcode = 0;
        payload = default;
        var available = _end - _start;
        if (available < 2) return false;
        var span = _buffer.AsSpan(_start, available);
        fin = (span[0] & 0x80) != 0;
        opcode = span[0] & 0x0F;
        long length = span[1] & 0x7F;
        var header = 2;
        if (length == 126)
        {
            if (available < 4) return false;
            length = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
            header = 4;
        }
        else if (length == 127)
        {
            if (available < 10) return false;
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(span[2..]);
            header = 10;
        }
        if ((span[1] & 0x80) != 0) throw new WebSocketException("the hub sent a masked frame");
        if (available < header + length) return false;
        payload = (_start + header, (int)length);
        _start += header + (int)length;
        return true;
    }

    /// <summary>Closes cleanly (the hub answers the close), waiting at most <paramref name="timeout"/>.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        _closing = true;
        try
        {
            var body = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(body, 1000);
            await SendAsync(0x8, body).AsTask().WaitAsync(timeout).ConfigureAwait(false);
            if (_receive is not null) await _receive.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or TimeoutException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        _closing = true;
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
