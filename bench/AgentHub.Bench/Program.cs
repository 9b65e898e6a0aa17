using AgentHub.Bench.AgentKit;
using AgentHub.Bench.Harness;
using AgentHub.Bench.Queue;
using AgentHub.Bench.Rest;
using Spectre.Console;

// Usage: see BenchOptions.Usage (dotnet run -c Release --project bench/AgentHub.Bench -- <suite> [--quick] ...)
//        realtime [--quick] [--scenario …]: `realtime --help` lists its options.
var suite = args.FirstOrDefault() ?? "help";
var root = RepositoryRoot();
var options = BenchOptions.Parse(args, Path.Combine(root, "bench", "results"));

switch (suite)
{
    case "rest" or "queue" or "agentkit" or "all":
        if (suite is "rest" or "all") Report("rest", await RestSuite.RunAsync(options));
        if (suite is "queue" or "all") Report("queue", await QueueSuite.RunAsync(root, options));
        if (suite is "agentkit" or "all") Report("agentkit", await AgentKitSuite.RunAsync(options));
        break;
    case "realtime":
        // realtime [--scenario …] [--duration s] [--quick] …; `realtime --help` lists the options.
        return await AgentHub.Bench.Realtime.RealtimeBench.RunAsync(args[1..], options.Output);
    default:
        AnsiConsole.MarkupLineInterpolated($"[red]unknown suite '{suite}'[/]");
        AnsiConsole.WriteLine(BenchOptions.Usage);
        return 2;
}
return 0;

void Report(string name, List<BenchResult> results)
{
    ResultReport.Print(results);
    AnsiConsole.MarkupLineInterpolated($"written: {ResultReport.Write(options.Output, name, results)}");
}

static string RepositoryRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AgentHub.slnx"))) dir = dir.Parent;
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
