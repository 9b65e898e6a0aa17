using System.Collections.Concurrent;
using System.Text.Json;
using AgentHub.Client;
using AgentHub.Client.Agents;

namespace ResearchFleet;

/// <summary>
/// The team's behaviour. The planner splits a job into research tasks plus a write task that
/// depends on all of them; researchers work through steps (reporting progress) and message their
/// findings to the writer; the writer, unblocked when the research is done, composes the report.
/// </summary>
internal sealed class ResearchTeam(TimeSpan stepDelay)
{
    private readonly ConcurrentDictionary<string, string> _findings = new();

    public Guid WriterId { get; set; }

    public async Task<object?> PlanAsync(TaskContext task, CancellationToken cancellationToken)
    {
        var job = task.Task.Payload;
        var topic = job.GetProperty("topic").GetString()!;
        var angles = job.GetProperty("angles").EnumerateArray().Select(a => a.GetString()!).ToArray();
        await task.ReportProgressAsync("splitting the job", 10, cancellationToken: cancellationToken);

        var research = new List<Guid>();
        for (var i = 0; i < angles.Length; i++)
        {
            var created = await task.EnqueueAsync("research", new { topic, angle = angles[i] }, priority: 5, requiredCapabilities: ["research"], cancellationToken: cancellationToken);
            research.Add(created!.Id);
            await task.ReportProgressAsync($"queued research on {angles[i]}", 10 + 80.0 * (i + 1) / angles.Length, cancellationToken: cancellationToken);
        }
        await task.EnqueueAsync("write-report", new { topic, parts = angles.Length }, priority: 1, dependsOn: research, requiredCapabilities: ["write"], cancellationToken: cancellationToken);
        return new { topic, research_tasks = research.Count };
    }

    public async Task<object?> ResearchAsync(TaskContext task, CancellationToken cancellationToken)
    {
        var angle = task.Task.Payload.GetProperty("angle").GetString()!;
        string[] steps = ["searching sources", "reading", "taking notes", "summarising"];
        for (var i = 0; i < steps.Length; i++)
        {
            await Task.Delay(stepDelay, cancellationToken);
            await task.ReportProgressAsync($"{angle}: {steps[i]}", 100.0 * (i + 1) / steps.Length, cancellationToken: cancellationToken);
        }
        var finding = $"On {angle}: three sources agree, one disagrees on the timeline.";
        await task.SendMessageAsync(new { angle, finding }, to: WriterId, cancellationToken: cancellationToken);
        return new { angle, finding };
    }

    public Task ReceiveAsync(AgentMessage message, CancellationToken cancellationToken)
    {
        if (message.Body.TryGetProperty("angle", out var angle) && message.Body.TryGetProperty("finding", out var finding))
        {
            _findings[angle.GetString()!] = finding.GetString()!;
        }
        return Task.CompletedTask;
    }

    public async Task<object?> WriteAsync(TaskContext task, CancellationToken cancellationToken)
    {
        var parts = task.Task.Payload.GetProperty("parts").GetInt32();
        // The research tasks are done (the dependency guaranteed it); their messages may still be in flight.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_findings.Count < parts && DateTime.UtcNow < deadline) await Task.Delay(100, cancellationToken);
        await task.ReportProgressAsync("drafting", 50, cancellationToken: cancellationToken);
        await Task.Delay(stepDelay, cancellationToken);
        var report = $"Report on {task.Task.Payload.GetProperty("topic").GetString()}:\n" + string.Join("\n", _findings.OrderBy(f => f.Key).Select(f => "  - " + f.Value));
        await task.ReportProgressAsync("done", 100, cancellationToken: cancellationToken);
        await task.SendMessageAsync(new { report_ready = true }, cancellationToken: cancellationToken);
        return new { report };
    }

    public static JsonElement Job(string topic, params string[] angles) => JsonSerializer.SerializeToElement(new { topic, angles });
}
