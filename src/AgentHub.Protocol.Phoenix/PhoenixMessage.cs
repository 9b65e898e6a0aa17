namespace AgentHub.Protocol.Phoenix;

/// <summary>
/// One logical Phoenix message: the five fields every text frame carries, in either serializer version.
/// </summary>
/// <remarks>
/// The payload is kept as the raw UTF-8 JSON text of the payload value, exactly as it appeared on the
/// wire (or as the writer will emit it). It is never bound to objects here: a broadcast is relayed by
/// copying these bytes, and only the handler that needs a field (join config, presence meta) parses it.
/// See docs/realtime-protocol.md section 2.1.
/// </remarks>
public sealed class PhoenixMessage
{
    /// <summary>Creates a message.</summary>
    /// <param name="joinRef">The <c>ref</c> of the channel's current <c>phx_join</c>, or null.</param>
    /// <param name="ref">The per-socket message reference, or null (server fan-out messages).</param>
    /// <param name="topic">The topic, for example <c>realtime:room1</c> or <c>phoenix</c>.</param>
    /// <param name="event">The event name, for example <c>phx_join</c>.</param>
    /// <param name="payload">The payload as UTF-8 JSON text; empty means <c>{}</c> when written.</param>
    public PhoenixMessage(string? joinRef, string? @ref, string topic, string @event, ReadOnlyMemory<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(@event);
        JoinRef = joinRef;
        Ref = @ref;
        Topic = topic;
        Event = @event;
        Payload = payload;
    }

    /// <summary>The <c>join_ref</c> field; null when absent or JSON null.</summary>
    public string? JoinRef { get; }

    /// <summary>The <c>ref</c> field; null when absent or JSON null.</summary>
    public string? Ref { get; }

    /// <summary>The <c>topic</c> field.</summary>
    public string Topic { get; }

    /// <summary>
    /// The <c>event</c> field. Parsed well-known events are the <see cref="PhoenixEventNames"/> constants,
    /// so a <c>switch</c> over those constants matches without allocating.
    /// </summary>
    public string Event { get; }

    /// <summary>The raw UTF-8 JSON text of the <c>payload</c> value (any JSON value, usually an object).</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"[{JoinRef ?? "null"}, {Ref ?? "null"}, {Topic}, {Event}, {Payload.Length} payload bytes]";
}
