namespace AgentHub.Realtime;

/// <summary>Topic helpers: channels are <c>realtime:&lt;name&gt;</c> (docs/realtime-protocol.md 2.1).</summary>
internal static class RealtimeTopics
{
    public const string Prefix = "realtime:";

    public static bool IsChannelTopic(string topic) => topic.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The channel name: the topic without <c>realtime:</c>, what <c>realtime.topic()</c> returns.</summary>
    public static string SubTopic(string topic) => topic[Prefix.Length..];

    public static string FromName(string name) => Prefix + name;
}
