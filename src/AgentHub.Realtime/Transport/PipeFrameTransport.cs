using System.Buffers;
using System.IO.Pipelines;
using AgentHub.Protocol.Phoenix;

namespace AgentHub.Realtime.Transport;

/// <summary>
/// An in-memory <see cref="IFrameTransport"/> over a duplex pipe with <see cref="PipeFraming"/>, so
/// sessions run without sockets in unit tests and benchmarks (Garnet's embedded server, SignalR's
/// TestClient). Backpressure is real: when the peer stops reading, the output pipe's pause
/// threshold blocks sends just as a full TCP window blocks a WebSocket.
/// </summary>
internal sealed class PipeFrameTransport(IDuplexPipe pipe) : IFrameTransport
{
    // Sends and the close share the output pipe, which allows one writer at a time (a WebSocket serializes them itself).
    private readonly SemaphoreSlim _output = new(1, 1);
    private SequencePosition? _consumed;
    private volatile bool _aborted;

    /// <summary>The close the server sent (status and reason), once it has.</summary>
    public RealtimeCloseReason? SentClose { get; private set; }

    public async ValueTask<FrameReadResult> ReadFrameAsync()
    {
        if (_consumed is { } consumed)
        {
            pipe.Input.AdvanceTo(consumed);
            _consumed = null;
        }

        while (true)
        {
            var result = await pipe.Input.ReadAsync().ConfigureAwait(false);
            if (_aborted || result.IsCanceled)
            {
                throw new OperationCanceledException("The pipe transport was aborted.");
            }

            var buffer = result.Buffer;
            if (PipeFraming.TryReadFrame(ref buffer, out var kind, out var frame, out var declared))
            {
                _consumed = buffer.Start;
                return kind switch
                {
                    PipeFraming.CloseKind => FrameReadResult.Closed,
                    PipeFraming.BinaryKind => new FrameReadResult(FrameReadStatus.Frame, PhoenixFrameType.Binary, frame),
                    _ => new FrameReadResult(FrameReadStatus.Frame, PhoenixFrameType.Text, frame),
                };
            }

            if (declared > PhoenixLimits.MaxFrameBytes)
            {
                return FrameReadResult.TooLarge;
            }

            if (result.IsCompleted)
            {
                return FrameReadResult.Closed;
            }

            pipe.Input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public async ValueTask SendAsync(PhoenixFrame frame)
    {
        await _output.WaitAsync().ConfigureAwait(false);
        try
        {
            PipeFraming.WriteFrame(pipe.Output, frame.Type == PhoenixFrameType.Binary ? PipeFraming.BinaryKind : PipeFraming.TextKind, frame.Bytes.Span);
            var flushed = await pipe.Output.FlushAsync().ConfigureAwait(false);
            if (flushed.IsCanceled || _aborted)
            {
                throw new OperationCanceledException("The pipe transport was aborted.");
            }
        }
        finally
        {
            _output.Release();
        }
    }

    /// <summary>Every send flushes already.</summary>
    public ValueTask FlushAsync() => ValueTask.CompletedTask;

    public async ValueTask CloseOutputAsync(RealtimeCloseReason reason, CancellationToken cancellationToken)
    {
        await _output.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            PipeFraming.WriteClose(pipe.Output, (int)reason.Status, reason.Description);
            await pipe.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            await pipe.Output.CompleteAsync().ConfigureAwait(false);
            SentClose = reason;
        }
        finally
        {
            _output.Release();
        }
    }

    public void Abort()
    {
        _aborted = true;
        pipe.Input.CancelPendingRead();
        pipe.Output.CancelPendingFlush();
    }
}
