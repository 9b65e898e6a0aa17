using AgentHub.Bench.Harness;
using Spectre.Console;

namespace AgentHub.Bench.Rest;

/// <summary>
/// Issue #4: each request shape at each concurrency, first through the hub over HTTP, then as the
/// same SQL through Npgsql directly (the ceiling), on one embedded cluster. Every scenario gets a
/// warm-up, then a fixed measured duration; rows carry the hub/ceiling ratio and where CPU went.
/// </summary>
internal static class RestSuite
{
    public static async Task<List<BenchResult>> RunAsync(BenchOptions options)
    {
        await using var cluster = new BenchDatabase();
        await cluster.StartAsync();
        var user = Guid.NewGuid();
        await using var hub = await BenchHub.StartAsync(cluster, "rest", RestScenarios.Migration(user), user);
        var cpu = new CpuSampler(cluster.PostmasterPid);
        var headers = new Dictionary<string, string>
        {
            ["host"] = hub.Server.ApiUrl.Authority,
            ["apikey"] = hub.Server.Keys.Anon,
            ["authorization"] = "Bearer " + hub.Token,
            ["content-type"] = "application/json; charset=utf-8",
        };

        await CheckSameAnswerAsync(hub, headers);
        var results = new List<BenchResult>();
        foreach (var scenario in RestScenarios.All.Where(s => options.Selects(s.Name)))
        {
            foreach (var connections in options.Concurrency ?? [10, 50])
            {
                AnsiConsole.MarkupLineInterpolated($"[grey]rest: {scenario.Name}, {connections} connections[/]");
                // The hub is driven by a lean raw-socket client (RawHttpTarget) unless --httpclient asks
                // for .NET's HttpClient, whose own CPU per request is about the hub's HTTP layer's.
                BenchResult viaHub;
                double hubCpu;
                if (options.HttpClient)
                {
                    using var http = new HubTarget(hub.Server.ApiUrl, hub.Server.Keys.Anon, hub.Token, connections);
                    (viaHub, hubCpu) = await MeasureAsync(scenario, "agenthub (HttpClient)", connections, options, cpu, (_, id) => http.SendAsync(scenario, id));
                }
                else
                {
                    await using var raw = new RawHttpTarget(hub.Server.ApiUrl, hub.Server.Keys.Anon, hub.Token, connections);
                    (viaHub, hubCpu) = await MeasureAsync(scenario, "agenthub (HTTP)", connections, options, cpu, (worker, id) => raw.SendAsync(worker, scenario, id));
                }
                if (options.HubOnly)
                {
                    results.Add(viaHub);
                    continue;
                }

                await using var ceiling = new CeilingTarget(hub.Database, connections, hub.ClaimsJson, headers);
                var (direct, directCpu) = await MeasureAsync(scenario, "npgsql-direct (ceiling)", connections, options, cpu, (_, id) => ceiling.RunAsync(scenario, id));
                var ratio = direct.PerSecond > 0 ? viaHub.PerSecond / direct.PerSecond : 0;
                // On a shared machine the two runs do not get the same cores; CPU per request does not
                // depend on that, and its ratio is what the throughput ratio becomes once CPU-bound.
                var cpuRatio = hubCpu > 0 ? directCpu / hubCpu : 0;
                results.Add(viaHub with { Note = $"{ratio:0.00}x of ceiling rps, {cpuRatio:0.00}x by CPU/request; {viaHub.Note}" });
                results.Add(direct);
            }
        }
        return results;
    }

    /// <returns>The row, and the CPU (this process plus PostgreSQL) spent per operation, in microseconds.</returns>
    private static async Task<(BenchResult Row, double CpuMicros)> MeasureAsync(RestScenario scenario, string subject, int connections, BenchOptions options, CpuSampler cpu, Func<int, long, Task<bool>> send)
    {
        var (ops, errors, seconds, latency) = await ClosedLoop.RunAsync(connections, options.Warmup, options.Duration,
            (worker, random) => send(worker, random.NextInt64(1, RestScenarios.ItemRows + 1)), cpu.Restart);
        var (self, postgres) = cpu.Stop();
        var (p50, p95, p99) = latency.Percentiles();
        var perOp = ops > 0 ? (self + postgres) * seconds / ops * 1e6 : 0;
        return (new BenchResult("rest", scenario.Name, subject, connections, ops, seconds, p50, p95, p99,
            errors == 0 ? null : $"{errors} of {ops} answers wrong",
            $"cpu: bench process {self:0.00} + postgres {postgres:0.00} cores = {perOp:0} us/request"), perOp);
    }

    /// <summary>Both subjects must do the same work: the read scenarios' bodies must match byte for byte.</summary>
    private static async Task CheckSameAnswerAsync(BenchHub hub, IReadOnlyDictionary<string, string> headers)
    {
        using var http = new HubTarget(hub.Server.ApiUrl, hub.Server.Keys.Anon, hub.Token, 1);
        await using var ceiling = new CeilingTarget(hub.Database, 1, hub.ClaimsJson, headers);
        foreach (var scenario in RestScenarios.All.Where(s => s.ReadOnly))
        {
            var a = await http.ReadAsync(scenario, 42);
            var b = await ceiling.ReadAsync(scenario, 42);
            if (a != b) throw new InvalidOperationException($"rest: '{scenario.Name}' answers differ: hub {a} vs ceiling {b}");
        }
    }
}
