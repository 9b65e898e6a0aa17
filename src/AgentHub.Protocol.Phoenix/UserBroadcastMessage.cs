namespace AgentHub.Protocol.Phoenix;

/// <summary>
/// A binary kind-4 frame: a broadcast the server delivers to a vsn 2.0.0 client. The client turns it
/// into event <c>broadcast</c> with payload <c>{type:"broadcast", event, payload, meta?}</c> and null refs.
/// </summary>
public sealed class UserBroadcastMessage
{
    /// <summary>Creates a message.</summary>
    /// <param name="topic">The channel topic.</param>
    /// <param name="userEvent">The app's event name.</param>
    /// <param name="metadata">Metadata as JSON object text (for example <c>{"id":"…"}</c>), or empty for none.</param>
    /// <param name="payloadEncoding">How <paramref name="payload"/> is encoded.</param>
    /// <param name="payload">The user payload: JSON text or raw bytes.</param>
    public UserBroadcastMessage(string topic, string userEvent, ReadOnlyMemory<byte> metadata, PhoenixPayloadEncoding payloadEncoding, ReadOnlyMemory<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(userEvent);
        Topic = topic;
        UserEvent = userEvent;
        Metadata = metadata;
        PayloadEncoding = payloadEncoding;
        Payload = payload;
    }

    /// <summary>The channel topic.</summary>
    public string Topic { get; }

    /// <summary>The app's event name.</summary>
    public string UserEvent { get; }

    /// <summary>Metadata JSON object text; empty when absent.</summary>
    public ReadOnlyMemory<byte> Metadata { get; }

    /// <summary>How <see cref="Payload"/> is encoded.</summary>
    public PhoenixPayloadEncoding PayloadEncoding { get; }

    /// <summary>The user payload: UTF-8 JSON text, or raw bytes for <see cref="PhoenixPayloadEncoding.Binary"/>.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"UserBroadcast [{Topic}, {UserEvent}, {PayloadEncoding}, {Payload.Length} payload bytes]";
}
