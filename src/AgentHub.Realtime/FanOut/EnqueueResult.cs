namespace AgentHub.Realtime.FanOut;

/// <summary>What happened to a frame offered to an <see cref="OutboundQueue"/>.</summary>
internal enum EnqueueResult
{
    /// <summary>Queued for the writer loop.</summary>
    Queued,

    /// <summary>The queue is over its frame or byte limit: the consumer is too slow.</summary>
    Full,

    /// <summary>The connection is closing; the frame is dropped.</summary>
    Closed,
}
