using System.Text.Json;
using AgentHub.Protocol.Phoenix;

namespace AgentHub.Realtime.Tests.Support;

/// <summary>A frame the test client received, decoded the way realtime-js decodes it.</summary>
public sealed record ReceivedFrame(bool IsBinary, string? JoinRef, string? Ref, string Topic, string Event, JsonElement Payload, string Raw)
{
    /// <summary>For binary kind-4 frames: the user payload bytes (raw when the encoding is binary).</summary>
    public byte[]? BinaryPayload { get; init; }

    public string? Status => Event == "phx_reply" ? Payload.GetProperty("status").GetString() : null;

    public JsonElement Response => Payload.GetProperty("response");

    public static ReceivedFrame Decode(string vsn, PhoenixFrameType type, byte[] bytes)
    {
        if (type == PhoenixFrameType.Binary)
        {
            var parsed = PhoenixBinarySerializer.ParseUserBroadcast(bytes);
            if (!parsed.IsSuccess) throw new InvalidOperationException("server sent an unreadable binary frame: " + parsed.Error);
            var b = parsed.Value;
            var userPayload = b.PayloadEncoding == PhoenixPayloadEncoding.Json ? System.Text.Encoding.UTF8.GetString(b.Payload.Span) : "null";
            var meta = b.Metadata.Length > 0 ? ",\"meta\":" + System.Text.Encoding.UTF8.GetString(b.Metadata.Span) : "";
            var json = $"{{\"type\":\"broadcast\",\"event\":{JsonSerializer.Serialize(b.UserEvent)},\"payload\":{userPayload}{meta}}}";
            return new ReceivedFrame(true, null, null, b.Topic, "broadcast", JsonDocument.Parse(json).RootElement.Clone(), $"<binary {bytes.Length} bytes>")
            {
                BinaryPayload = b.Payload.ToArray(),
            };
        }

        var text = System.Text.Encoding.UTF8.GetString(bytes);
        var root = JsonDocument.Parse(text).RootElement.Clone();
        if (vsn == Vsn.V2)
        {
            Assert.Equal(JsonValueKind.Array, root.ValueKind);
            return new ReceivedFrame(false, Str(root[0]), Str(root[1]), root[2].GetString()!, root[3].GetString()!, root[4], text);
        }

        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        return new ReceivedFrame(
            false,
            root.TryGetProperty("join_ref", out var joinRef) ? Str(joinRef) : null,
            Str(root.GetProperty("ref")),
            root.GetProperty("topic").GetString()!,
            root.GetProperty("event").GetString()!,
            root.GetProperty("payload"),
            text);
    }

    private static string? Str(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetString();

    public override string ToString() => Raw;
}
