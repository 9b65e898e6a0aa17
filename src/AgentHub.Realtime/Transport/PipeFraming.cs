using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using AgentHub.Protocol.Phoenix;

namespace AgentHub.Realtime.Transport;

/// <summary>
/// The framing of <see cref="PipeFrameTransport"/>: a 5-byte header (kind: 0 text, 1 binary,
/// 2 close; then the length as a big-endian uint32) and the frame bytes. A close frame carries the
/// status as a big-endian uint16 and the reason as UTF-8, like a WebSocket close.
/// </summary>
internal static class PipeFraming
{
    public const int HeaderBytes = 5;
    public const byte TextKind = 0;
    public const byte BinaryKind = 1;
    public const byte CloseKind = 2;

    public static void WriteFrame(PipeWriter output, byte kind, ReadOnlySpan<byte> bytes)
    {
        var header = output.GetSpan(HeaderBytes);
        header[0] = kind;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)bytes.Length);
        output.Advance(HeaderBytes);
        output.Write(bytes);
    }

    public static void WriteClose(PipeWriter output, int status, string reason)
    {
        var text = Encoding.UTF8.GetBytes(reason);
        var body = new byte[2 + text.Length];
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)status);
        text.CopyTo(body, 2);
        WriteFrame(output, CloseKind, body);
    }

    /// <summary>Takes one complete frame off the front of <paramref name="buffer"/>, if there is one.</summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out byte kind, out ReadOnlySequence<byte> frame, out long declaredLength)
    {
        kind = 0;
        frame = default;
        declaredLength = 0;
        if (buffer.Length < HeaderBytes)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderBytes];
        buffer.Slice(0, HeaderBytes).CopyTo(header);
        kind = header[0];
        declaredLength = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (declaredLength > PhoenixLimits.MaxFrameBytes || buffer.Length < HeaderBytes + declaredLength)
        {
            return false;
        }

        frame = buffer.Slice(HeaderBytes, declaredLength);
        buffer = buffer.Slice(frame.End);
        return true;
    }
}
