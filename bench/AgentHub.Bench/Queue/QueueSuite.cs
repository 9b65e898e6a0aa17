using AgentHub.Bench.Harness;
using Spectre.Console;

namespace AgentHub.Bench.Queue;

/// <summary>
/// Issue #5, throughput: AgentHub's queue, pg-boss and graphile-worker on one cluster, each on a
/// fresh database, doing the same work (enqueue N, W workers claim and complete with a no-op).
/// </summary>
internal static class QueueSuite
{
    public static async Task<List<BenchResult>> RunAsync(string repositoryRoot, BenchOptions options)
    {
        await using var cluster = new BenchDatabase();
        await cluster.StartAsync();
        var results = new List<BenchResult>();
        var tasks = options.Tasks;
        // --connections picks the worker counts, --only the subjects ("agenthub", "pg-boss", "graphile").
        var workerCounts = options.Concurrency ?? [8, 32];
        foreach (var (workers, batch) in workerCounts.SelectMany(w => new[] { (w, 1), (w, 10) }))
        {
            AnsiConsole.MarkupLineInterpolated($"[grey]queue: {workers} workers, claims of {batch}, {tasks} tasks[/]");
            if (options.Selects("agenthub"))
            {
                var db = await cluster.CreateDatabaseAsync($"ah_{workers}_{batch}", withPlatform: true);
                results.Add(await AgentHubQueueBenchmark.RunAsync(db, workers, batch, tasks));
            }
            if (options.Selects("pg-boss"))
            {
                var boss = await cluster.CreateDatabaseAsync($"pgboss_{workers}_{batch}", withPlatform: false);
                results.Add(await NodeQueueBenchmark.RunAsync(repositoryRoot, "pgboss.mjs", "pg-boss 10.4.2", boss, workers, batch, tasks));
            }
            if (batch == 1 && options.Selects("graphile-worker"))
            {
                // graphile-worker takes one job at a time; it has no batched claim to compare with.
                var graphile = await cluster.CreateDatabaseAsync($"graphile_{workers}", withPlatform: false);
                results.Add(await NodeQueueBenchmark.RunAsync(repositoryRoot, "graphile.mjs", "graphile-worker 0.16.6", graphile, workers, batch, tasks));
            }
        }
        var statsFor = new[] { ("agenthub", $"ah_{workerCounts[0]}_1"), ("pg-boss", $"pgboss_{workerCounts[0]}_1"), ("graphile-worker", $"graphile_{workerCounts[0]}") };
        foreach (var name in BenchDatabase.StatementStats ? statsFor.Where(s => options.Selects(s.Item1)).Select(s => s.Item2) : [])
        {
            AnsiConsole.MarkupLineInterpolated($"[bold]top statements in {name}[/] (calls, total ms, mean ms)");
            foreach (var (calls, total, mean, query) in await cluster.TopStatementsAsync(name, 15))
            {
                AnsiConsole.WriteLine($"{calls,8} {total,10:0.0} {mean,8:0.000}  {(query.Length > 150 ? query[..150] : query)}");
            }
        }
        return WithRatios(results);
    }

    /// <summary>AgentHub's rows note how they compare with the other queues in the same configuration.</summary>
    private static List<BenchResult> WithRatios(List<BenchResult> results) =>
        results.Select(r =>
        {
            if (r.Subject != "agenthub" || r.Error is not null) return r;
            var others = results.Where(o => o.Subject != "agenthub" && o.Scenario == r.Scenario && o.Concurrency == r.Concurrency && o.Error is null && o.PerSecond > 0)
                .Select(o => $"{r.PerSecond / o.PerSecond:0.00}x {o.Subject.Split(' ')[0]}");
            return r with { Note = string.Join(", ", others) };
        }).ToList();
}
