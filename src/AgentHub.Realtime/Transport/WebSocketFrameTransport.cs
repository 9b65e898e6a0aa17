using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using AgentHub.Protocol.Phoenix;

namespace AgentHub.Realtime.Transport;

/// <summary>
/// A WebSocket as an <see cref="IFrameTransport"/>. Reads wait with a zero-byte receive, so an idle
/// connection holds no receive buffer; a message is then read into pooled pipe segments and handed
/// to the session as one sequence, and the segments go back to the pool when the next read starts.
/// </summary>
internal sealed class WebSocketFrameTransport : IFrameTransport
{
    // 4 KB steps: heartbeats, joins and typical broadcasts fit in one pooled segment.
    private const int ReadStep = 4096;

    private readonly WebSocket _socket;
    private readonly Pipe _buffer = new(new PipeOptions(
        pauseWriterThreshold: 0,
        resumeWriterThreshold: 0,
        minimumSegmentSize: ReadStep,
        useSynchronizationContext: false));

    private readonly FrameWriterStream? _writer;
    private ReadOnlySequence<byte>? _current;

    /// <param name="socket">The accepted WebSocket.</param>
    /// <param name="writer">The stream under <paramref name="socket"/> when the upgrade kept it: frames
    /// are then batched there (<see cref="SendAsync"/> buffers, <see cref="FlushAsync"/> writes).</param>
    public WebSocketFrameTransport(WebSocket socket, FrameWriterStream? writer = null)
    {
        _socket = socket;
        _writer = writer;
    }

    public async ValueTask<FrameReadResult> ReadFrameAsync()
    {
        if (_current is { } previous)
        {
            _buffer.Reader.AdvanceTo(previous.End);
            _current = null;
        }

        var received = await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
        if (received.MessageType == WebSocketMessageType.Close)
        {
            Release();
            return FrameReadResult.Closed;
        }

        var type = received.MessageType == WebSocketMessageType.Binary ? PhoenixFrameType.Binary : PhoenixFrameType.Text;
        long total = 0;
        while (!received.EndOfMessage)
        {
            var memory = _buffer.Writer.GetMemory(ReadStep);
            received = await _socket.ReceiveAsync(memory, CancellationToken.None).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                Release();
                return FrameReadResult.Closed;
            }

            _buffer.Writer.Advance(received.Count);
            total += received.Count;
            if (total > PhoenixLimits.MaxFrameBytes)
            {
                Release();
                return FrameReadResult.TooLarge;
            }
        }

        if (total == 0)
        {
            return new FrameReadResult(FrameReadStatus.Frame, type, ReadOnlySequence<byte>.Empty);
        }

        await _buffer.Writer.FlushAsync().ConfigureAwait(false);
        _buffer.Reader.TryRead(out var read);
        _current = read.Buffer;
        return new FrameReadResult(FrameReadStatus.Frame, type, read.Buffer);
    }

    public ValueTask SendAsync(PhoenixFrame frame)
    {
        if (_writer is not null)
        {
            return _socket.State is WebSocketState.Open or WebSocketState.CloseReceived
                ? _writer.AppendAsync(frame)
                : throw new WebSocketException(WebSocketError.InvalidState, $"The WebSocket is {_socket.State}.");
        }

        return _socket.SendAsync(
            frame.Bytes,
            frame.Type == PhoenixFrameType.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text,
            endOfMessage: true,
            CancellationToken.None);
    }

    public ValueTask FlushAsync() => _writer?.FlushFramesAsync() ?? ValueTask.CompletedTask;

    public async ValueTask CloseOutputAsync(RealtimeCloseReason reason, CancellationToken cancellationToken)
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await _socket.CloseOutputAsync(reason.Status, reason.Description, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Abort() => _socket.Abort();

    private void Release()
    {
        // Completing both ends returns every pooled segment; this transport reads nothing more.
        _buffer.Writer.Complete();
        _buffer.Reader.Complete();
    }
}
