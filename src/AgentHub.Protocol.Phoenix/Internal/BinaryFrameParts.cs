namespace AgentHub.Protocol.Phoenix.Internal;

/// <summary>The decoded fields of a kind-3 or kind-4 frame, before they become a public message.</summary>
internal readonly record struct BinaryFrameParts(
    string? JoinRef,
    string? Ref,
    string Topic,
    string UserEvent,
    ReadOnlyMemory<byte> Metadata,
    PhoenixPayloadEncoding PayloadEncoding,
    ReadOnlyMemory<byte> Payload);
