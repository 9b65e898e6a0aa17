using System.Text.Json;

namespace AgentHub.Client.Agents;

/// <summary>A task row of the agent kit's queue.</summary>
public sealed record AgentTask
{
    /// <summary>Task id.</summary>
    public Guid Id { get; init; }
    /// <summary>Tenant.</summary>
    public Guid TenantId { get; init; }
    /// <summary>What kind of work.</summary>
    public string Type { get; init; } = "";
    /// <summary>Input of the task.</summary>
    public JsonElement Payload { get; init; }
    /// <summary>Higher runs first.</summary>
    public int Priority { get; init; }
    /// <summary>Attempts so far, including the current one.</summary>
    public int Attempts { get; init; }
    /// <summary>Attempts allowed.</summary>
    public int MaxAttempts { get; init; }
    /// <summary>pending, running, completed, failed, dead or cancelled.</summary>
    public string Status { get; init; } = "";
    /// <summary>The run the task belongs to, if any.</summary>
    public Guid? RunId { get; init; }
    /// <summary>Result, once completed.</summary>
    public JsonElement? Result { get; init; }
}
