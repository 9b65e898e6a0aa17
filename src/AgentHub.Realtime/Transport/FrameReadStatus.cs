namespace AgentHub.Realtime.Transport;

/// <summary>What a transport read produced.</summary>
internal enum FrameReadStatus
{
    /// <summary>A complete frame.</summary>
    Frame,

    /// <summary>The client closed the connection (or the stream ended).</summary>
    Closed,

    /// <summary>The frame exceeds <see cref="AgentHub.Protocol.Phoenix.PhoenixLimits.MaxFrameBytes"/>; the connection must close.</summary>
    TooLarge,
}
