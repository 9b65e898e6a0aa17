using System.Buffers;
using System.Text;

namespace AgentHub.Protocol.Phoenix.Tests;

/// <summary>Small conversions and sequence builders shared by the tests.</summary>
internal static class TestBytes
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>Concatenates header bytes and ASCII/UTF-8 strings into one frame.</summary>
    public static byte[] Concat(params object[] parts)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var part in parts)
        {
            switch (part)
            {
                case byte b:
                    buffer.Write([b]);
                    break;
                case byte[] bytes:
                    buffer.Write(bytes);
                    break;
                case string s:
                    buffer.Write(Encoding.UTF8.GetBytes(s));
                    break;
                default:
                    throw new ArgumentException($"Unsupported part {part.GetType()}");
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string Write(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static byte[] WriteBytes(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Splits <paramref name="bytes"/> into a multi-segment sequence at the given offsets.</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, params int[] cuts)
    {
        var bounds = cuts.Where(c => c > 0 && c < bytes.Length).Distinct().Order().Append(bytes.Length).ToArray();
        Segment? first = null;
        Segment? last = null;
        var start = 0;
        foreach (var end in bounds)
        {
            var segment = new Segment(bytes.AsMemory(start, end - start));
            if (last is null)
            {
                first = segment;
            }
            else
            {
                last.Append(segment);
            }

            last = segment;
            start = end;
        }

        return first is null || last is null
            ? ReadOnlySequence<byte>.Empty
            : new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Splits into segments of <paramref name="size"/> bytes.</summary>
    public static ReadOnlySequence<byte> Chunked(byte[] bytes, int size) =>
        Split(bytes, Enumerable.Range(1, Math.Max(0, (bytes.Length - 1) / size)).Select(i => i * size).ToArray());

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory)
        {
            Memory = memory;
        }

        public void Append(Segment next)
        {
            next.RunningIndex = RunningIndex + Memory.Length;
            Next = next;
        }
    }
}
