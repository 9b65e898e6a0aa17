namespace AgentHub.Protocol.Phoenix;

/// <summary>
/// A binary kind-3 frame: the broadcast a vsn 2.0.0 client sends for <c>channel.send({type:'broadcast', …})</c>.
/// Logically it is a <c>broadcast</c> push whose payload is
/// <c>{"type":"broadcast","event":UserEvent,"payload":Payload}</c>, with the type implicit.
/// </summary>
public sealed class UserBroadcastPushMessage
{
    /// <summary>Creates a message.</summary>
    /// <param name="joinRef">The channel's join ref, or null (written as length 0).</param>
    /// <param name="ref">The push ref, or null (written as length 0).</param>
    /// <param name="topic">The channel topic, for example <c>realtime:room:42</c>.</param>
    /// <param name="userEvent">The app's event name, for example <c>typing</c>.</param>
    /// <param name="metadata">Metadata as JSON object text, or empty for none (the client's default).</param>
    /// <param name="payloadEncoding">How <paramref name="payload"/> is encoded.</param>
    /// <param name="payload">The user payload: JSON text or raw bytes.</param>
    public UserBroadcastPushMessage(
        string? joinRef,
        string? @ref,
        string topic,
        string userEvent,
        ReadOnlyMemory<byte> metadata,
        PhoenixPayloadEncoding payloadEncoding,
        ReadOnlyMemory<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(userEvent);
        JoinRef = joinRef;
        Ref = @ref;
        Topic = topic;
        UserEvent = userEvent;
        Metadata = metadata;
        PayloadEncoding = payloadEncoding;
        Payload = payload;
    }

    /// <summary>The channel's join ref; null when the frame carried none (length 0).</summary>
    public string? JoinRef { get; }

    /// <summary>The push ref, used for the ack reply; null when the frame carried none (length 0).</summary>
    public string? Ref { get; }

    /// <summary>The channel topic.</summary>
    public string Topic { get; }

    /// <summary>The app's event name (<c>payload.event</c> of the logical broadcast).</summary>
    public string UserEvent { get; }

    /// <summary>Metadata JSON object text; empty when absent.</summary>
    public ReadOnlyMemory<byte> Metadata { get; }

    /// <summary>How <see cref="Payload"/> is encoded.</summary>
    public PhoenixPayloadEncoding PayloadEncoding { get; }

    /// <summary>The user payload: UTF-8 JSON text, or raw bytes for <see cref="PhoenixPayloadEncoding.Binary"/>.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"UserBroadcastPush [{JoinRef ?? "null"}, {Ref ?? "null"}, {Topic}, {UserEvent}, {PayloadEncoding}, {Payload.Length} payload bytes]";
}
