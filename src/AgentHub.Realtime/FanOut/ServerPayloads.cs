using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AgentHub.Realtime.FanOut;

/// <summary>JSON payloads the server writes itself (system messages, error responses). None is on the broadcast path.</summary>
internal static class ServerPayloads
{
    /// <summary>Same escaping as the Phoenix writers: frames go to sockets, never into HTML.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ReadOnlySpan<byte> Empty => "{}"u8;

    /// <summary><c>{"extension":…,"status":"ok"|"error","message":…,"channel":…}</c> (docs/realtime-protocol.md 3.8).</summary>
    public static byte[] System(string extension, bool ok, string message, string channel) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("extension", extension);
        writer.WriteString("status", ok ? "ok" : "error");
        writer.WriteString("message", message);
        writer.WriteString("channel", channel);
        writer.WriteEndObject();
    });

    /// <summary><c>{"reason":…}</c>, the response of a refused push.</summary>
    public static byte[] Reason(string reason) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("reason", reason);
        writer.WriteEndObject();
    });

    /// <summary><c>{"error":…}</c>.</summary>
    public static byte[] Error(string error) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("error", error);
        writer.WriteEndObject();
    });

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
