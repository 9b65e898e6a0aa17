using System.Buffers;
using AgentHub.Protocol.Phoenix;

namespace AgentHub.Realtime.Transport;

/// <summary>One read from a transport: a frame (valid until the next read), or the end.</summary>
internal readonly record struct FrameReadResult(FrameReadStatus Status, PhoenixFrameType Type, ReadOnlySequence<byte> Data)
{
    public static FrameReadResult Closed { get; } = new(FrameReadStatus.Closed, PhoenixFrameType.Text, default);

    public static FrameReadResult TooLarge { get; } = new(FrameReadStatus.TooLarge, PhoenixFrameType.Text, default);
}
