using System.Globalization;

namespace AgentHub.Bench.Harness;

/// <summary>
/// Command-line settings shared by the suites. <c>--quick</c> shrinks every suite to a smoke run
/// (well under a minute each); explicit options still win over it.
/// </summary>
internal sealed record BenchOptions(TimeSpan Duration, TimeSpan Warmup, int Tasks, int Messages, int[]? Concurrency, string Output, bool Quick, string? Only, bool HttpClient, bool HubOnly)
{
    public static BenchOptions Parse(string[] args, string defaultOutput)
    {
        var quick = args.Contains("--quick");
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        double Seconds(string name, double fallback) => Value(name) is { } v && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : fallback;
        int Int(string name, int fallback) => Value(name) is { } v && int.TryParse(v, out var n) ? n : fallback;
        var concurrency = Value("--connections")?.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        return new BenchOptions(
            TimeSpan.FromSeconds(Seconds("--duration", quick ? 1 : 10)),
            TimeSpan.FromSeconds(Seconds("--warmup", quick ? 0.5 : 3)),
            Int("--tasks", quick ? 1_000 : 10_000),
            Int("--messages", quick ? 50 : 500),
            concurrency,
            Value("--out") ?? defaultOutput,
            quick,
            Value("--only"),
            args.Contains("--httpclient"),
            args.Contains("--hub-only"));
    }

    /// <summary>Whether a scenario is selected by <c>--only</c>.</summary>
    public bool Selects(string scenario) => Only is null || scenario.Contains(Only, StringComparison.OrdinalIgnoreCase);

    /// <summary>The usage text, one line per suite and option.</summary>
    public const string Usage = """
        dotnet run -c Release --project bench/AgentHub.Bench -- <suite> [options]
          suites:  rest | queue | agentkit | all | realtime (realtime --help for its own options)
          --quick               smoke run: 1 s per measurement, 1,000 tasks, 50 messages
          --duration S          measured seconds per rest scenario (default 10)
          --warmup S            warm-up seconds before each measurement (default 3)
          --connections 10,50   rest concurrency levels (default 10,50); queue: worker counts (default 8,32)
          --tasks N             queue: tasks per run (default 10,000)
          --messages N          agentkit: samples per latency (default 500)
          --only TEXT           rest: only scenarios whose name contains TEXT (e.g. "primary key");
                                queue: only that subject (agenthub, pg-boss, graphile-worker)
          --httpclient          rest: drive the hub with .NET's HttpClient instead of the raw-socket client
          --hub-only            rest: measure the hub only, no ceiling run (for A/B runs of hub changes)
          --out FOLDER          where <suite>.json goes (default bench/results)
        """;
}
