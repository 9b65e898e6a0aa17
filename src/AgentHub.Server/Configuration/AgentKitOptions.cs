namespace AgentHub.Server.Configuration;

/// <summary>The agent kit's server-side workers.</summary>
public sealed class AgentKitOptions
{
    /// <summary>How often expired task leases are returned to the queue (AGENTHUB__Agents__LeaseSweepSeconds).</summary>
    public int LeaseSweepSeconds { get; set; } = 5;

    /// <summary>A run with no update for this long is flagged stuck and announced (AGENTHUB__Agents__StuckRunMinutes).</summary>
    public double StuckRunMinutes { get; set; } = 10;

    /// <summary>How often runs are checked for being stuck.</summary>
    public int StuckRunCheckSeconds { get; set; } = 30;

    /// <summary>
    /// An agent marked online with no presence on this hub and no heartbeat for this long is marked
    /// offline and its tasks return to the queue: it went away while no hub was watching (AGENTHUB__Agents__SilentAgentSeconds).
    /// </summary>
    public int SilentAgentSeconds { get; set; } = 60;

    internal IEnumerable<string> Validate()
    {
        if (SilentAgentSeconds < 5) yield return $"AgentHub:Agents:SilentAgentSeconds must be at least 5, got {SilentAgentSeconds}.";
        if (LeaseSweepSeconds < 1) yield return $"AgentHub:Agents:LeaseSweepSeconds must be at least 1, got {LeaseSweepSeconds}.";
        if (StuckRunMinutes <= 0) yield return $"AgentHub:Agents:StuckRunMinutes must be positive, got {StuckRunMinutes}.";
        if (StuckRunCheckSeconds < 1) yield return $"AgentHub:Agents:StuckRunCheckSeconds must be at least 1, got {StuckRunCheckSeconds}.";
    }
}
