using System.Text.Json;

namespace AgentHub.Client.Agents;

/// <summary>What a task handler gets: the task, its run, and ways to report and talk.</summary>
public sealed class TaskContext
{
    private readonly AgentRuntime _runtime;

    internal TaskContext(AgentRuntime runtime, AgentTask task, Guid runId)
    {
        _runtime = runtime;
        Task = task;
        RunId = runId;
    }

    /// <summary>The claimed task.</summary>
    public AgentTask Task { get; }

    /// <summary>The run recording this attempt; watchers see its progress live.</summary>
    public Guid RunId { get; }

    /// <summary>Reads the payload as <typeparamref name="T"/>.</summary>
    public T? PayloadAs<T>() => Task.Payload.Deserialize<T>(Rest.RestClient.Json);

    /// <summary>Publishes the current step and percent (0–100) of this run.</summary>
    public Task ReportProgressAsync(string step, double percent, object? data = null, CancellationToken cancellationToken = default) =>
        _runtime.Client.Rest.RpcAsync("update_run_progress", new { p_run = RunId, p_step = step, p_progress = percent, p_data = data }, AgentRuntime.Schema, cancellationToken);

    /// <summary>Enqueues a follow-up task (for example one that depends on others).</summary>
    public Task<AgentTask?> EnqueueAsync(string type, object? payload = null, int priority = 0, IReadOnlyList<Guid>? dependsOn = null, string[]? requiredCapabilities = null, CancellationToken cancellationToken = default) =>
        _runtime.EnqueueAsync(type, payload, priority, dependsOn, requiredCapabilities, RunId, cancellationToken);

    /// <summary>Sends a message (direct when <paramref name="to"/> is given, else team-wide).</summary>
    public Task<AgentMessage?> SendMessageAsync(object body, Guid? to = null, CancellationToken cancellationToken = default) =>
        _runtime.SendMessageAsync(body, to, null, cancellationToken);
}
