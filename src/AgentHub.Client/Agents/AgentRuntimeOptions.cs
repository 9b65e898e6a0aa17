namespace AgentHub.Client.Agents;

/// <summary>How an agent presents itself and runs its task loop.</summary>
public sealed class AgentRuntimeOptions
{
    /// <summary>The agent's name in its tenant.</summary>
    public required string Name { get; set; }

    /// <summary>A kind, for dashboards (planner, researcher, ...).</summary>
    public string Type { get; set; } = "agent";

    /// <summary>What it can do; tasks requiring other capabilities are not claimed.</summary>
    public string[] Capabilities { get; set; } = [];

    /// <summary>Free-form description.</summary>
    public object? Metadata { get; set; }

    /// <summary>Tasks handled at the same time.</summary>
    public int MaxConcurrentTasks { get; set; } = 1;

    /// <summary>Lease taken on each claim; renewed every third of it while the handler runs.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the agent reports its status to the registry.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Safety net only: the loop is woken by realtime when work appears, and polls this rarely in
    /// case a wake-up was missed (a change during a reconnect).
    /// </summary>
    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Handles one task and returns its result (serialized to JSON). Throw to fail it.</summary>
    public Func<TaskContext, CancellationToken, Task<object?>>? TaskHandler { get; set; }

    /// <summary>Called for each message this agent may read (live, and caught up after reconnects).</summary>
    public Func<AgentMessage, CancellationToken, Task>? MessageHandler { get; set; }
}
