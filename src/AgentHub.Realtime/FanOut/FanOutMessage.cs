using AgentHub.Protocol.Phoenix;

namespace AgentHub.Realtime.FanOut;

/// <summary>
/// A message for every member of one channel, serialized lazily at most once per protocol version
/// and shared by all recipients of that version (supabase fastlane, SignalR SerializedHubMessage).
/// </summary>
/// <remarks>
/// Used under the channel's lock, so the lazy fields need no synchronization. A recipient that
/// cannot receive the message (a binary payload for a vsn 1.0.0 client) gets no frame.
/// </remarks>
internal sealed class FanOutMessage
{
    private readonly string _topic;
    private readonly string _event;
    private readonly ReadOnlyMemory<byte> _payload;
    private readonly bool _isUserBroadcast;
    private readonly PhoenixPayloadEncoding _encoding;
    private readonly ReadOnlyMemory<byte> _metaJson;
    private PhoenixFrame? _v1;
    private PhoenixFrame? _v2;

    private FanOutMessage(string topic, string @event, ReadOnlyMemory<byte> payload, bool isUserBroadcast, PhoenixPayloadEncoding encoding, ReadOnlyMemory<byte> metaJson = default)
    {
        _topic = topic;
        _event = @event;
        _payload = payload;
        _isUserBroadcast = isUserBroadcast;
        _encoding = encoding;
        _metaJson = metaJson;
    }

    /// <summary>A text push with a JSON payload (text broadcasts, presence diffs): <c>[null,null,topic,event,payload]</c>.</summary>
    public static FanOutMessage TextPush(string topic, string @event, ReadOnlyMemory<byte> payloadJson) =>
        new(topic, @event, payloadJson, isUserBroadcast: false, PhoenixPayloadEncoding.Json);

    /// <summary>
    /// A user broadcast (from a binary push or the single-message HTTP endpoint): binary kind 4 for
    /// vsn 2.0.0, the text form for vsn 1.0.0 when the payload is JSON.
    /// </summary>
    public static FanOutMessage UserBroadcast(string topic, string userEvent, PhoenixPayloadEncoding encoding, ReadOnlyMemory<byte> payload) =>
        new(topic, userEvent, payload, isUserBroadcast: true, encoding);

    /// <summary>
    /// A broadcast sent from the database (<c>realtime.send</c>): binary kind 4 with its metadata
    /// (<c>{"id":"…"}</c>) for vsn 2.0.0, the text form with <c>meta</c> for vsn 1.0.0 (spec 2.3, 4.2).
    /// </summary>
    public static FanOutMessage DatabaseBroadcast(string topic, string userEvent, ReadOnlyMemory<byte> payloadJson, ReadOnlyMemory<byte> metaJson) =>
        new(topic, userEvent, payloadJson, isUserBroadcast: true, PhoenixPayloadEncoding.Json, metaJson);

    /// <summary>The frame for <paramref name="serializer"/>'s clients, serialized on first use.</summary>
    public bool TryGetFrame(PhoenixSerializer serializer, out PhoenixFrame frame)
    {
        ref var slot = ref serializer.SupportsBinaryFrames ? ref _v2 : ref _v1;
        slot ??= Serialize(serializer);
        frame = slot.Value;
        return frame.Bytes.Length > 0;
    }

    private PhoenixFrame Serialize(PhoenixSerializer serializer)
    {
        if (!_isUserBroadcast)
        {
            return serializer.SerializePush(null, null, _topic, _event, _payload.Span);
        }

        if (serializer.SupportsBinaryFrames)
        {
            // Kind-3 metadata is a client-to-server control channel (e.g. persist); Supabase does not relay
            // it, so only database broadcasts carry metadata (their message id).
            return PhoenixBinarySerializer.SerializeUserBroadcast(_topic, _event, _metaJson.Span, _encoding, _payload.Span);
        }

        // vsn 1.0.0 cannot carry raw bytes: an empty frame means "nothing for this recipient".
        return _encoding == PhoenixPayloadEncoding.Json
            ? serializer.SerializePush(null, null, _topic, PhoenixEventNames.Broadcast, PhoenixBroadcastPayload.Create(_event, _payload.Span, _metaJson.Span))
            : new PhoenixFrame(PhoenixFrameType.Text, ReadOnlyMemory<byte>.Empty);
    }
}
