namespace AgentHub.Protocol.Phoenix;

/// <summary>
/// A fully serialized frame and the WebSocket message type to send it as. Immutable, so one instance
/// serialized per (vsn, topic) can sit in every recipient's outbound queue at once.
/// </summary>
public readonly struct PhoenixFrame
{
    /// <summary>Creates a frame.</summary>
    public PhoenixFrame(PhoenixFrameType type, ReadOnlyMemory<byte> bytes)
    {
        Type = type;
        Bytes = bytes;
    }

    /// <summary>Text or binary WebSocket message.</summary>
    public PhoenixFrameType Type { get; }

    /// <summary>The complete frame bytes.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Type} frame, {Bytes.Length} bytes";
}
