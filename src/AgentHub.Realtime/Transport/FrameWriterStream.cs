using System.Buffers;
using System.Buffers.Binary;
using AgentHub.Protocol.Phoenix;

namespace AgentHub.Realtime.Transport;

/// <summary>
/// The upgraded connection's stream, under the server's <see cref="System.Net.WebSockets.WebSocket"/>,
/// with a second way in: outbound data frames are framed here (RFC 6455, unmasked, unfragmented)
/// and buffered, and everything queued for the connection goes to the network in one write.
/// </summary>
/// <remarks>
/// <para>Why: every <see cref="System.Net.WebSockets.WebSocket.SendAsync(ReadOnlyMemory{byte}, System.Net.WebSockets.WebSocketMessageType, bool, CancellationToken)"/>
/// is a write and a flush through Kestrel to the socket, plus the WebSocket's own locking and copy;
/// at a few hundred thousand deliveries per second that per-frame cost was a third of the hub's CPU.
/// Here a connection's writer loop appends every frame it dequeued (a header and a copy into a
/// pooled buffer) and then flushes once: under load, when frames queue up, one system call carries
/// many of them; when idle, a frame still goes out at once.</para>
/// <para>The WebSocket keeps reading, and writes its own frames (close, pong, keep-alive) through
/// <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/>; both paths take one write lock
/// and write whole frames, so frames never interleave, and data frames appended after the close
/// frame went out are dropped, as the protocol requires.</para>
/// </remarks>
internal sealed class FrameWriterStream(Stream inner) : Stream
{
    /// <summary>Buffered bytes above which an append writes at once rather than waiting for the flush.</summary>
    private const int FlushThreshold = 64 * 1024;

    private readonly SemaphoreSlim _io = new(1, 1);
    private readonly Lock _sync = new();
    private byte[]? _pending;
    private int _length;
    private bool _closeSent;

    /// <summary>Frames and buffers a data frame; writes only when the buffer passes <see cref="FlushThreshold"/>.</summary>
    public ValueTask AppendAsync(PhoenixFrame frame)
    {
        var payload = frame.Bytes.Span;
        lock (_sync)
        {
            if (_closeSent)
            {
                return ValueTask.CompletedTask;
            }

            var needed = _length + MaxHeaderBytes + payload.Length;
            if (_pending is null || needed > _pending.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, 4096));
                if (_pending is not null)
                {
                    _pending.AsSpan(0, _length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(_pending);
                }

                _pending = bigger;
            }

            _length += WriteHeader(_pending.AsSpan(_length), frame.Type == PhoenixFrameType.Binary ? (byte)0x2 : (byte)0x1, payload.Length);
            payload.CopyTo(_pending.AsSpan(_length));
            _length += payload.Length;
            if (_length < FlushThreshold)
            {
                return ValueTask.CompletedTask;
            }
        }

        return FlushFramesAsync();
    }

    /// <summary>Writes whatever <see cref="AppendAsync"/> buffered, in one write.</summary>
    public async ValueTask FlushFramesAsync()
    {
        await _io.WaitAsync().ConfigureAwait(false);
        try
        {
            await WritePendingAsync().ConfigureAwait(false);
        }
        finally
        {
            _io.Release();
        }
    }

    /// <summary>The WebSocket's own frames (one whole frame per call): after anything buffered before them.</summary>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _io.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WritePendingAsync().ConfigureAwait(false);
            if (buffer.Length > 0 && (buffer.Span[0] & 0x0F) == 0x8)
            {
                lock (_sync)
                {
                    _closeSent = true;
                }
            }

            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _io.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override bool CanRead => inner.CanRead;

    public override bool CanWrite => inner.CanWrite;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private const int MaxHeaderBytes = 10;

    /// <summary>FIN + opcode, then the payload length in 7, 7+16 or 7+64 bits; server frames are not masked.</summary>
    internal static int WriteHeader(Span<byte> destination, byte opcode, int length)
    {
        destination[0] = (byte)(0x80 | opcode);
        if (length < 126)
        {
            destination[1] = (byte)length;
            return 2;
        }

        if (length <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
            return 4;
        }

        destination[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)length);
        return 10;
    }

    /// <summary>Caller holds <c>_io</c>.</summary>
    private async ValueTask WritePendingAsync()
    {
        byte[]? buffer;
        int length;
        lock (_sync)
        {
            buffer = _pending;
            length = _length;
            _pending = null;
            _length = 0;
        }

        if (buffer is null)
        {
            return;
        }

        try
        {
            await inner.WriteAsync(buffer.AsMemory(0, length)).ConfigureAwait(false);
        }
        finally
        {
            // Kestrel copied the bytes into its own pipe by the time the write completes.
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
