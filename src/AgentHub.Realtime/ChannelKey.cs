namespace AgentHub.Realtime;

/// <summary>
/// Identifies a channel: its topic and its privacy. Public <c>room1</c> and private <c>room1</c>
/// are different channels that never see each other's messages (docs/realtime-protocol.md 4.1).
/// </summary>
internal readonly record struct ChannelKey(string Topic, bool IsPrivate);
