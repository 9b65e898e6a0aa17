using System.Buffers;

namespace AgentHub.Protocol.Phoenix.Tests;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that hands out the smallest span it may (the size hint, or a few
/// bytes), like a pipe near the end of a segment, to prove writers honour Advance across many spans.
/// </summary>
internal sealed class SmallChunkBufferWriter : IBufferWriter<byte>
{
    private const int ChunkBytes = 3;
    private readonly List<byte> _written = [];
    private byte[] _current = [];

    public int SpansHandedOut { get; private set; }

    public byte[] WrittenBytes => [.. _written];

    public void Advance(int count)
    {
        _written.AddRange(_current.AsSpan(0, count));
        _current = [];
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        SpansHandedOut++;
        _current = new byte[Math.Max(sizeHint, ChunkBytes)];
        return _current;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}
