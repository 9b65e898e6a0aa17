using AgentHub.Protocol.Phoenix;

namespace AgentHub.Realtime.Transport;

/// <summary>
/// A message-framed duplex connection: the one contract between the engine and a network (a
/// WebSocket in production, a framed in-memory pipe in tests and benchmarks), like Garnet's
/// IMessageConsumer. One reader and one writer may use it concurrently.
/// </summary>
internal interface IFrameTransport
{
    /// <summary>Waits for the next complete frame. The data stays valid until the next call.</summary>
    ValueTask<FrameReadResult> ReadFrameAsync();

    /// <summary>Writes one complete frame, or buffers it until <see cref="FlushAsync"/>.</summary>
    ValueTask SendAsync(PhoenixFrame frame);

    /// <summary>Writes whatever <see cref="SendAsync"/> buffered; the writer loop calls it whenever its queue is drained.</summary>
    ValueTask FlushAsync();

    /// <summary>Sends the close (status and reason) and stops sending; bounded by <paramref name="cancellationToken"/>.</summary>
    ValueTask CloseOutputAsync(RealtimeCloseReason reason, CancellationToken cancellationToken);

    /// <summary>Tears the connection down at once; pending reads and sends fail.</summary>
    void Abort();
}
