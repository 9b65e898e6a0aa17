namespace AgentHub.Client.Realtime;

/// <summary>How a channel joins.</summary>
public sealed class ChannelOptions
{
    /// <summary>Receive your own broadcasts.</summary>
    public bool BroadcastSelf { get; set; }

    /// <summary>Have the server acknowledge each broadcast.</summary>
    public bool BroadcastAck { get; set; }

    /// <summary>Presence key for this client (the server picks one when empty).</summary>
    public string PresenceKey { get; set; } = "";

    /// <summary>A private channel: access decided by policies on realtime.messages.</summary>
    public bool Private { get; set; }
}
