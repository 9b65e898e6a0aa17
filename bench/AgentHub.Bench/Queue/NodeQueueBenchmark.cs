using System.Diagnostics;
using System.Text.Json;
using AgentHub.Bench.Harness;
using AgentHub.Postgres;

namespace AgentHub.Bench.Queue;

/// <summary>
/// Runs graphile-worker or pg-boss (from npm, bench/queue-node) on the same cluster doing the same
/// work: enqueue all tasks, then W workers take and complete them with a no-op handler.
/// </summary>
internal static class NodeQueueBenchmark
{
    public static async Task<BenchResult> RunAsync(string repositoryRoot, string script, string subject, DatabaseEndpoint db, int workers, int batch, int tasks)
    {
        var folder = Path.Combine(repositoryRoot, "bench", "queue-node");
        var scenario = batch == 1 ? "enqueue+claim+complete, single claims" : $"enqueue+claim+complete, claims of {batch}";
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            return new BenchResult("queue", scenario, subject, workers, 0, 0, Error: "npm packages missing: run npm ci in bench/queue-node");
        }
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, "--url", db.Url, "--workers", workers.ToString(), "--tasks", tasks.ToString(), "--batch", batch.ToString() }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return new BenchResult("queue", scenario, subject, workers, 0, 0, Error: "timed out after 5 min");
        }
        var line = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        if (process.ExitCode != 0 || line is null)
        {
            var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var why = lines.FirstOrDefault(l => l.Contains("Error", StringComparison.Ordinal)) ?? lines.LastOrDefault() ?? $"exit {process.ExitCode}";
            return new BenchResult("queue", scenario, subject, workers, 0, 0, Error: why.Length > 120 ? why[..120] : why);
        }
        var result = JsonDocument.Parse(line).RootElement;
        return new BenchResult("queue", scenario, subject, workers, result.GetProperty("completed").GetInt64(), result.GetProperty("seconds").GetDouble());
    }
}
