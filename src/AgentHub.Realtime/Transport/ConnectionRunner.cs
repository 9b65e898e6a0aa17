using System.Net.WebSockets;

namespace AgentHub.Realtime.Transport;

/// <summary>
/// Drives one <see cref="RealtimeSession"/> over one <see cref="IFrameTransport"/>: a read loop
/// feeds frames in order, a write loop drains the bounded outbound queue, and one idempotent close
/// sequence ends both, whoever starts it.
/// </summary>
/// <remarks>
/// <para>Close sequence: terminate the session (leave every channel, so other members get the
/// presence leaves, and complete the queue); let the writer flush what is queued within
/// <see cref="RealtimeOptions.CloseTimeout"/> (a <c>system</c> message before a close, say), unless
/// the close is for a slow consumer, whose queue is dropped; send the close frame; and, for a
/// server-initiated close, abort if the client has not answered it within the same timeout.</para>
/// <para>The read side is never cancelled through a token: cancelling a WebSocket receive aborts
/// the socket, which would lose the close frame. Reads end by the client's close or by
/// <see cref="IFrameTransport.Abort"/>.</para>
/// </remarks>
internal sealed class ConnectionRunner
{
    private readonly RealtimeHub _hub;
    private readonly RealtimeSession _session;
    private readonly IFrameTransport _transport;
    private readonly Lock _sync = new();
    private Task? _writer;
    private Task? _closing;
    private volatile bool _dropPending;
    private volatile bool _readDone;

    private ConnectionRunner(RealtimeHub hub, RealtimeSession session, IFrameTransport transport)
    {
        _hub = hub;
        _session = session;
        _transport = transport;
    }

    public static Task RunAsync(RealtimeHub hub, RealtimeSession session, IFrameTransport transport) =>
        new ConnectionRunner(hub, session, transport).RunAsync();

    private async Task RunAsync()
    {
        _writer = WriteLoopAsync();
        using var registration = _session.CloseRequested.UnsafeRegister(static state => ((ConnectionRunner)state!).OnCloseRequested(), this);
        try
        {
            await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.SessionFailed(_hub.Logger, _session.Id, e);
            _session.RequestClose(RealtimeCloseReason.InternalError);
        }
        finally
        {
            _readDone = true;
            await CloseAsync().ConfigureAwait(false);
            await _writer.ConfigureAwait(false);
            Log.ConnectionClosed(_hub.Logger, _session.Id, _session.CloseReason.ToString());
        }
    }

    private async Task ReadLoopAsync()
    {
        while (true)
        {
            FrameReadResult result;
            try
            {
                result = await _transport.ReadFrameAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransportFailure(e))
            {
                // Reset by the client, or aborted by the close sequence.
                _session.RequestClose(RealtimeCloseReason.TransportFailed);
                return;
            }

            switch (result.Status)
            {
                case FrameReadStatus.Closed:
                    return;
                case FrameReadStatus.TooLarge:
                    _session.RequestClose(RealtimeCloseReason.FrameTooLarge);
                    return;
            }

            try
            {
                await _session.ProcessFrameAsync(result.Type, result.Data).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_session.CloseRequested.IsCancellationRequested)
            {
                // A join was waiting on the database while the connection was being closed.
                return;
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        // Start on the thread pool: the first wait must not run inline on the caller's (upgrade) thread.
        await Task.Yield();
        var queue = _session.Outbound;
        try
        {
            while (await queue.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (queue.TryDequeue(out var frame))
                {
                    try
                    {
                        if (!_dropPending)
                        {
                            await _transport.SendAsync(frame).ConfigureAwait(false);
                            _hub.Metrics.FrameSent();
                        }
                    }
                    finally
                    {
                        queue.Release(frame);
                    }
                }

                // Everything dequeued goes out together (one write when the transport batches).
                await _transport.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            // The client is gone (or the connection was aborted): make the read side notice too.
            _dropPending = true;
            _session.RequestClose(RealtimeCloseReason.TransportFailed);
            _transport.Abort();
        }
    }

    private void OnCloseRequested()
    {
        if (_session.CloseReason.DropPending)
        {
            _dropPending = true;
        }

        _ = CloseAsync();
    }

    private Task CloseAsync()
    {
        lock (_sync)
        {
            return _closing ??= CloseCoreAsync();
        }
    }

    private async Task CloseCoreAsync()
    {
        await Task.Yield();
        var reason = _session.CloseReason;
        var timeout = _hub.Options.CloseTimeout;
        try
        {
            await _session.TerminateAsync().ConfigureAwait(false);
            if (!reason.DropPending)
            {
                await _writer!.WaitAsync(timeout, _hub.Time).ConfigureAwait(false);
            }

            if (reason == RealtimeCloseReason.TransportFailed)
            {
                _transport.Abort();
                return;
            }

            using var deadline = new CancellationTokenSource(timeout, _hub.Time);
            await _transport.CloseOutputAsync(reason, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException || IsTransportFailure(e))
        {
            _transport.Abort();
            return;
        }

        if (reason.ServerInitiated && !_readDone)
        {
            // The client should answer the close frame; one that does not is cut off.
            await Task.Delay(timeout, _hub.Time).ConfigureAwait(false);
            if (!_readDone)
            {
                _transport.Abort();
            }
        }
    }

    private static bool IsTransportFailure(Exception e) =>
        e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException;
}
