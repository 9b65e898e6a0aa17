using System.Buffers;

namespace AgentHub.Protocol.Phoenix.Internal;

/// <summary>
/// The frame a <see cref="System.Text.Json.Utf8JsonReader"/> is reading, so the parser can copy a
/// value's raw bytes (by the reader's absolute offsets) out of either a span or a multi-segment sequence.
/// </summary>
internal readonly ref struct FrameSource
{
    private readonly ReadOnlySpan<byte> _span;
    private readonly ReadOnlySequence<byte> _sequence;
    private readonly bool _isSequence;

    public FrameSource(ReadOnlySpan<byte> span)
    {
        _span = span;
        _sequence = default;
        _isSequence = false;
    }

    public FrameSource(ReadOnlySequence<byte> sequence)
    {
        _span = default;
        _sequence = sequence;
        _isSequence = true;
    }

    /// <summary>Copies <paramref name="length"/> bytes at <paramref name="start"/> into a new exact-size array.</summary>
    public byte[] Copy(long start, long length)
    {
        // Uninitialized is safe: every byte is overwritten by the copy below.
        var copy = GC.AllocateUninitializedArray<byte>(checked((int)length));
        if (_isSequence)
        {
            _sequence.Slice(start, length).CopyTo(copy);
        }
        else
        {
            _span.Slice((int)start, (int)length).CopyTo(copy);
        }

        return copy;
    }
}
