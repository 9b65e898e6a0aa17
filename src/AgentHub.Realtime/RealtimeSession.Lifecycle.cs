using AgentHub.Protocol.Phoenix;
using AgentHub.Realtime.FanOut;
using AgentHub.Realtime.Transport;

namespace AgentHub.Realtime;

/// <content>Outbound queueing, close requests and termination.</content>
internal sealed partial class RealtimeSession
{
    /// <summary>
    /// Queues a frame for this connection; thread-safe and non-blocking. A full queue marks the
    /// connection as a slow consumer and closes it: one stalled client must not hold memory or
    /// slow down the fan-out loops of everyone else.
    /// </summary>
    public bool Enqueue(PhoenixFrame frame)
    {
        switch (Outbound.TryEnqueue(frame))
        {
            case EnqueueResult.Queued:
                return true;
            case EnqueueResult.Full:
                if (RequestClose(RealtimeCloseReason.SlowConsumer))
                {
                    Hub.Metrics.SlowConsumerDisconnected();
                    Log.SlowConsumer(Hub.Logger, Id, Outbound.Count, Outbound.Bytes, Outbound.MaxFrames, Outbound.MaxBytes);
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>Asks the transport to close the connection; the first reason wins. Safe from any thread, even under a channel lock.</summary>
    public bool RequestClose(RealtimeCloseReason reason)
    {
        if (Interlocked.CompareExchange(ref _closing, 1, 0) != 0)
        {
            return false;
        }

        Volatile.Write(ref _closeReason, reason);

        // Cancellation runs callbacks inline; queue it so a fan-out loop holding a channel lock never runs transport code.
        ThreadPool.UnsafeQueueUserWorkItem(static cts => cts.Cancel(), _closeRequested, preferLocal: false);
        return true;
    }

    /// <summary>
    /// Ends the session once the transport is done reading: leaves every channel (others get the
    /// presence leaves), drops change-capture subscriptions, and completes the outbound queue.
    /// Idempotent.
    /// </summary>
    public async ValueTask TerminateAsync()
    {
        Interlocked.CompareExchange(ref _closing, 1, 0);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_terminated)
            {
                return;
            }

            _terminated = true;
            foreach (var member in _channels.Values.ToArray())
            {
                RemoveMember(member);
            }

            Outbound.Complete();
        }
        finally
        {
            _gate.Release();
        }
    }
}
