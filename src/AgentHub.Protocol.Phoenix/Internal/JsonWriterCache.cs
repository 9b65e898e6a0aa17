using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AgentHub.Protocol.Phoenix.Internal;

/// <summary>
/// One <see cref="Utf8JsonWriter"/> per thread, re-pointed at each output. A writer is ~200 bytes of
/// object graph; replies and pushes are written per message, so renting avoids that garbage on every frame
/// (the same trick as SignalR's ReusableUtf8JsonWriter).
/// </summary>
internal static class JsonWriterCache
{
    /// <summary>
    /// Relaxed escaping keeps non-ASCII text as UTF-8 and leaves <c>&lt; &gt; &amp; '</c> alone: frames go to
    /// a WebSocket, never into HTML, so HTML-safe escaping only makes them longer. Control characters,
    /// quotes and backslashes are still escaped, so output is always valid JSON.
    /// </summary>
    internal static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    // Parked writers point here so they do not keep a caller's buffer alive between frames.
    private static readonly ArrayBufferWriter<byte> s_detached = new(1);

    [ThreadStatic]
    private static Utf8JsonWriter? t_cached;

    public static Utf8JsonWriter Rent(IBufferWriter<byte> output)
    {
        var writer = t_cached;
        if (writer is null)
        {
            return new Utf8JsonWriter(output, Options);
        }

        t_cached = null;
        writer.Reset(output);
        return writer;
    }

    /// <summary>Flushes into the output and parks the writer for the next frame on this thread.</summary>
    public static void Return(Utf8JsonWriter writer)
    {
        writer.Flush();
        writer.Reset(s_detached);
        t_cached = writer;
    }
}
