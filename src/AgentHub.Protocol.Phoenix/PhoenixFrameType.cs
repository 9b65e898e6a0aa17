namespace AgentHub.Protocol.Phoenix;

/// <summary>Which WebSocket message type a serialized frame must be sent as.</summary>
public enum PhoenixFrameType
{
    /// <summary>A UTF-8 text message (every JSON frame).</summary>
    Text = 0,

    /// <summary>A binary message (vsn 2.0.0 user broadcast frames).</summary>
    Binary = 1,
}
