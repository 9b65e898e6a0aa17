using AgentHub.Bench.Harness;
using AgentHub.Bench.Queue;
using Spectre.Console;

// Usage: dotnet run -c Release --project bench/AgentHub.Bench -- queue [--tasks N] [--out folder]
//        dotnet run -c Release --project bench/AgentHub.Bench -- realtime [--quick] [--scenario …] (realtime --help)
var suite = args.FirstOrDefault() ?? "queue";
int Arg(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v && int.TryParse(v, out var n) ? n : fallback;
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine(RepositoryRoot(), "bench", "results");

switch (suite)
{
    case "queue":
        await RunQueueAsync(Arg("--tasks", 10_000));
        break;
    case "realtime":
        // realtime [--scenario …] [--duration s] [--quick] …; `realtime --help` lists the options.
        return await AgentHub.Bench.Realtime.RealtimeBench.RunAsync(args[1..], output);
    default:
        AnsiConsole.MarkupLineInterpolated($"[red]unknown suite '{suite}'[/]; suites: queue");
        return 2;
}
return 0;

async Task RunQueueAsync(int tasks)
{
    await using var cluster = new BenchDatabase();
    await cluster.StartAsync();
    var results = new List<BenchResult>();
    var root = RepositoryRoot();
    foreach (var (workers, batch) in new[] { (8, 1), (8, 10), (32, 1), (32, 10) })
    {
        AnsiConsole.MarkupLineInterpolated($"[grey]queue: {workers} workers, claims of {batch}, {tasks} tasks[/]");
        var db = await cluster.CreateDatabaseAsync($"ah_{workers}_{batch}", withPlatform: true);
        results.Add(await AgentHubQueueBenchmark.RunAsync(db, workers, batch, tasks));
        var boss = await cluster.CreateDatabaseAsync($"pgboss_{workers}_{batch}", withPlatform: false);
        results.Add(await NodeQueueBenchmark.RunAsync(root, "pgboss.mjs", "pg-boss 10.4.2", boss, workers, batch, tasks));
        if (batch == 1)
        {
            // graphile-worker takes one job at a time; it has no batched claim to compare with.
            var graphile = await cluster.CreateDatabaseAsync($"graphile_{workers}", withPlatform: false);
            results.Add(await NodeQueueBenchmark.RunAsync(root, "graphile.mjs", "graphile-worker 0.16.6", graphile, workers, batch, tasks));
        }
    }
    ResultReport.Print(results);
    AnsiConsole.MarkupLineInterpolated($"written: {ResultReport.Write(output, "queue", results)}");
}

static string RepositoryRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AgentHub.slnx"))) dir = dir.Parent;
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
