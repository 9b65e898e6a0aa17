using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using AgentHub.Auth.Keys;
using AgentHub.Bench.Harness;
using Npgsql;
using Spectre.Console;

namespace AgentHub.Bench.Realtime;

/// <summary>Settings of a realtime run, from the command line (see <see cref="RealtimeBench.Usage"/>).</summary>
internal sealed record RealtimeSettings
{
    public string[] Scenarios { get; init; } = RealtimeBench.AllScenarios;
    public double DurationSeconds { get; init; } = 20;
    public double WarmupSeconds { get; init; } = 3;
    /// <summary>Unmeasured broadcast load before the first scenario, so both processes run tiered-up (optimized) code.</summary>
    public double HubWarmupSeconds { get; init; } = 20;
    /// <summary>Broadcast offered deliveries/s per run; 0 = closed loop. Several values = a sweep.</summary>
    public double[] BroadcastRates { get; init; } = [200_000];
    public int BroadcastWindow { get; init; } = 64;
    public int PayloadBytes { get; init; } = 100;
    public int BroadcastSubscribers { get; init; } = 1_000;
    public int PresenceClients { get; init; } = 1_000;
    public double PresenceTimeoutSeconds { get; init; } = 120;
    public int ChangeSubscribers { get; init; } = 100;
    /// <summary>Offered changes/s without RLS; 0 = closed loop. Several values = a sweep.</summary>
    public double[] ChangesRates { get; init; } = [2_000];
    public double[] RlsChangesRates { get; init; } = [500];
    public int BatchRows { get; init; } = 10;
    public int Writers { get; init; } = 2;
    public int Rooms { get; init; } = 1;
    public bool HubServerGc { get; init; }
    public bool Quick { get; init; }
}

/// <summary>
/// The <c>realtime</c> suite (issue #3): broadcast fan-out, a presence storm and postgres_changes
/// with and without row-level security, against a hub in its own process over real sockets, with
/// the CPU of hub, PostgreSQL and load generator measured apart.
/// </summary>
internal static class RealtimeBench
{
    public static readonly string[] AllScenarios = ["broadcast-1x1000", "broadcast-100x10", "presence-storm", "changes-norls", "changes-rls"];

    public const string Usage = """
        realtime [--scenario a,b,...] [--duration s] [--warmup s] [--hub-warmup s] [--quick]
                 [--rate deliveries/s[,…]|max] [--window n] [--payload-bytes n] [--subscribers n]
                 [--presence-clients n] [--change-subscribers n] [--changes-rate n[,…]|max] [--rls-rate n[,…]|max]
                 [--batch rows] [--writers n] [--rooms n] [--hub-gc server|workstation] [--out folder]
          scenarios: broadcast-1x1000, broadcast-100x10, presence-storm, changes-norls, changes-rls (default: all)
          --quick: 200 broadcast subscribers, 200 presence clients, 20 change subscribers, 4 s windows, no hub warm-up (under a minute)
          --hub-warmup: unmeasured traffic before the first scenario so the JIT has tiered up (default 20 s)
        """;

    /// <summary>
    /// The bench tables, applied by the hub as a user migration. The policy wraps <c>auth.uid()</c> in a
    /// sub-select, as Supabase's RLS performance guide recommends, so it is evaluated once per statement.
    /// </summary>
    public const string MigrationSql = """
        create table public.bench_norls (id bigint generated always as identity primary key, room int not null, sent_ts bigint not null, body text not null);
        alter publication supabase_realtime add table public.bench_norls;

        create table public.bench_members (room int not null, user_id uuid not null, primary key (room, user_id));
        create table public.bench_rls (id bigint generated always as identity primary key, room int not null, sent_ts bigint not null, body text not null);
        alter table public.bench_rls enable row level security;
        create policy "members read" on public.bench_rls for select to authenticated
            using (exists (select 1 from public.bench_members m where m.room = bench_rls.room and m.user_id = (select auth.uid())));
        alter publication supabase_realtime add table public.bench_rls;
        """;

    public static async Task<int> RunAsync(string[] args, string output)
    {
        if (args.Contains("--hub-child")) return await HubProcess.RunChildAsync(args);
        if (args.Contains("--help"))
        {
            Console.WriteLine(Usage);
            return 0;
        }
        var settings = Parse(args);
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 220;
        AnsiConsole.MarkupLineInterpolated($"[grey]realtime: {string.Join(", ", settings.Scenarios)}; windows of {settings.DurationSeconds} s after {settings.WarmupSeconds} s warm-up; {OpenFileLimit()} open files allowed[/]");

        var needed = Math.Max(settings.BroadcastSubscribers + settings.BroadcastSubscribers / 10, settings.PresenceClients) + 200;
        if (OpenFileLimit() is { } limit && limit < needed)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]ulimit -n is {limit}; this run opens about {needed} sockets in each process. Raise it (ulimit -n 65536) and run again.[/]");
            return 2;
        }

        await using var cluster = new BenchDatabase();
        await cluster.StartAsync();
        var database = await cluster.CreateDatabaseAsync("realtime", withPlatform: false);
        var work = Directory.CreateTempSubdirectory("agenthub-bench-realtime-");
        try
        {
            var migrations = Directory.CreateDirectory(Path.Combine(work.FullName, "migrations"));
            await File.WriteAllTextAsync(Path.Combine(migrations.FullName, "20240101000000_bench_realtime.sql"), MigrationSql);
            var secret = JwtSecret.FromConfiguration(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
            await using var hub = await HubProcess.StartAsync(database.Url, secret.Value, migrations.FullName, Path.Combine(work.FullName, "data"), settings.HubServerGc);
            var meter = new ResourceMeter(hub.Pid, await PostmasterPidAsync(database.ConnectionString()));
            var expires = DateTimeOffset.UtcNow.AddHours(6).ToUnixTimeSeconds();
            string Mint(string user) => TokenSigner.Sign(secret, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["sub"] = user, ["role"] = "authenticated", ["aud"] = "authenticated", ["exp"] = expires,
            }));
            var context = new RealtimeContext(hub, meter, database.ConnectionString(), settings, Mint);
            AnsiConsole.MarkupLineInterpolated($"[grey]hub pid {hub.Pid} at {hub.ApiUrl} ({(settings.HubServerGc ? "server" : "workstation")} GC); load generator pid {Environment.ProcessId}[/]");

            if (settings.HubWarmupSeconds > 0)
            {
                // The JIT recompiles hot methods with full optimization only after they ran a while
                // (tiered compilation); without this the first scenario would measure tier-0 code.
                AnsiConsole.MarkupLineInterpolated($"[grey]warm-up: {settings.HubWarmupSeconds} s of unmeasured broadcast and change traffic[/]");
                var warm = new RealtimeContext(hub, meter, database.ConnectionString(), settings with { DurationSeconds = settings.HubWarmupSeconds / 2, WarmupSeconds = 0 }, Mint);
                await BroadcastScenario.RunAsync(warm, "warm-up", Math.Max(1, settings.BroadcastSubscribers / 10), 10, 50_000);
                await hub.WaitIdleAsync(TimeSpan.FromSeconds(60));
                await ChangesScenario.RunAsync(warm, rls: false, settings.ChangeSubscribers, 500);
            }

            var outcomes = new List<ScenarioOutcome>();
            foreach (var scenario in settings.Scenarios)
            {
                foreach (var run in Runs(scenario, settings))
                {
                    await hub.WaitIdleAsync(TimeSpan.FromSeconds(60));
                    try
                    {
                        var outcome = await run(context);
                        outcomes.Add(outcome);
                        AnsiConsole.MarkupLineInterpolated($"[grey]  → {outcome.Result.PerSecond:N0}/s, p99 {outcome.Result.P99Ms:0.0} ms; {outcome.Notes}[/]");
                    }
                    catch (Exception e)
                    {
                        AnsiConsole.MarkupLineInterpolated($"[red]{scenario} failed: {e.Message}[/]");
                        outcomes.Add(new ScenarioOutcome(new BenchResult("realtime", scenario, "agenthub", 0, 0, 0, Error: e.Message), null, null, null, e.Message));
                        Console.Error.WriteLine(e);
                    }
                }
            }

            Report(outcomes, settings, output);
            return 0;
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static IEnumerable<Func<RealtimeContext, Task<ScenarioOutcome>>> Runs(string scenario, RealtimeSettings s)
    {
        switch (scenario)
        {
            case "broadcast-1x1000":
                foreach (var rate in s.BroadcastRates) yield return c => BroadcastScenario.RunAsync(c, $"broadcast-1x{s.BroadcastSubscribers}", 1, s.BroadcastSubscribers, rate);
                break;
            case "broadcast-100x10":
                var channels = s.BroadcastSubscribers / 10;
                foreach (var rate in s.BroadcastRates) yield return c => BroadcastScenario.RunAsync(c, $"broadcast-{channels}x10", channels, 10, rate);
                break;
            case "presence-storm":
                yield return c => PresenceStormScenario.RunAsync(c, s.PresenceClients);
                break;
            case "changes-norls":
                foreach (var rate in s.ChangesRates) yield return c => ChangesScenario.RunAsync(c, rls: false, s.ChangeSubscribers, rate);
                break;
            case "changes-rls":
                foreach (var rate in s.RlsChangesRates) yield return c => ChangesScenario.RunAsync(c, rls: true, s.ChangeSubscribers, rate);
                break;
            default:
                throw new ArgumentException($"unknown realtime scenario '{scenario}'; scenarios: {string.Join(", ", AllScenarios)}");
        }
    }

    private static RealtimeSettings Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        double Number(string name, double fallback) => Value(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        double[] Rates(string name, double[] fallback) => Value(name) is { } v
            ? v.Split(',').Select(x => x == "max" ? 0 : double.Parse(x.Replace("k", "000"), CultureInfo.InvariantCulture)).ToArray()
            : fallback;

        var quick = args.Contains("--quick");
        var defaults = quick
            ? new RealtimeSettings
            {
                Quick = true, DurationSeconds = 4, WarmupSeconds = 1, HubWarmupSeconds = 0, BroadcastSubscribers = 200, PresenceClients = 200, ChangeSubscribers = 20,
                BroadcastRates = [40_000], ChangesRates = [1_000], RlsChangesRates = [250],
            }
            : new RealtimeSettings();
        return defaults with
        {
            Scenarios = Value("--scenario") is { } list ? list.Split(',', StringSplitOptions.RemoveEmptyEntries) : defaults.Scenarios,
            DurationSeconds = Number("--duration", defaults.DurationSeconds),
            WarmupSeconds = Number("--warmup", defaults.WarmupSeconds),
            HubWarmupSeconds = Number("--hub-warmup", defaults.HubWarmupSeconds),
            BroadcastRates = Rates("--rate", defaults.BroadcastRates),
            BroadcastWindow = (int)Number("--window", defaults.BroadcastWindow),
            PayloadBytes = (int)Number("--payload-bytes", defaults.PayloadBytes),
            BroadcastSubscribers = (int)Number("--subscribers", defaults.BroadcastSubscribers),
            PresenceClients = (int)Number("--presence-clients", defaults.PresenceClients),
            ChangeSubscribers = (int)Number("--change-subscribers", defaults.ChangeSubscribers),
            ChangesRates = Rates("--changes-rate", defaults.ChangesRates),
            RlsChangesRates = Rates("--rls-rate", defaults.RlsChangesRates),
            BatchRows = (int)Number("--batch", defaults.BatchRows),
            Writers = (int)Number("--writers", defaults.Writers),
            Rooms = (int)Number("--rooms", defaults.Rooms),
            HubServerGc = Value("--hub-gc") == "server",
        };
    }

    /// <summary>The soft limit on open files of this process (inherited by the hub), from /proc; null when unknown.</summary>
    private static long? OpenFileLimit()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return long.TryParse(soft, out var value) ? value : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<int> PostmasterPidAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync())!;
        // The backend's parent is the postmaster (field 4 of /proc/<pid>/stat).
        try
        {
            var stat = await File.ReadAllTextAsync($"/proc/{backend}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>
    /// CPU microseconds per operation (delivery, diff) of hub, PostgreSQL and load generator, and the
    /// throughput two fully available cores would allow at those costs: a figure that holds up on a
    /// shared machine, where wall-clock rates depend on what the neighbours do.
    /// </summary>
    private static (double Hub, double Postgres, double Load, double Ceiling) CostPerOp(ScenarioOutcome o)
    {
        var c = o.Cpu!;
        // Operations counted in the window, scaled to the CPU sampling interval (a little longer).
        var ops = o.Result.Operations * (c.WallSeconds / Math.Max(o.Result.Seconds, 1e-9));
        if (ops <= 0) return (0, 0, 0, 0);
        double Micros(double seconds) => seconds * 1e6 / ops;
        var total = c.Hub + c.Postgres + c.LoadGenerator;
        return (Micros(c.Hub), Micros(c.Postgres), Micros(c.LoadGenerator), total > 0 ? 2.0 * ops / total : 0);
    }

    private static void Report(List<ScenarioOutcome> outcomes, RealtimeSettings settings, string output)
    {
        var results = outcomes.Select(o => o.Result).ToList();
        ResultReport.Print(results);

        var table = new Table().Border(TableBorder.Rounded).Title("where the time went (measurement window; cores = CPU seconds per second, 2 = the whole machine)")
            .AddColumns("scenario", "hub (kernel)", "postgres", "load gen (kernel)", "other", "idle", "hub µs/op", "pg µs/op", "load µs/op", "2-core ceiling/s",
                "hub GC 0/1/2", "hub alloc MB/s", "hub GC pause", "load alloc MB/s");
        foreach (var o in outcomes.Where(o => o.Cpu is not null))
        {
            var c = o.Cpu!;
            var h = o.Hub!;
            var cost = CostPerOp(o);
            table.AddRow(Markup.Escape(o.Result.Scenario), $"{c.Cores(c.Hub):0.00} ({c.Cores(c.HubKernel):0.00})", c.Cores(c.Postgres).ToString("0.00"),
                $"{c.Cores(c.LoadGenerator):0.00} ({c.Cores(c.LoadGeneratorKernel):0.00})",
                c.Cores(c.Other).ToString("0.00"), c.Cores(c.Idle).ToString("0.00"),
                cost.Hub.ToString("0.00"), cost.Postgres.ToString("0.00"), cost.Load.ToString("0.00"), cost.Ceiling.ToString("N0"),
                $"{h.Gen0}/{h.Gen1}/{h.Gen2}", (h.AllocatedBytes / 1e6 / c.WallSeconds).ToString("0.0"), $"{h.GcPauseMs / c.WallSeconds / 10:0.0} %",
                (o.LoadGen!.AllocatedBytes / 1e6 / c.WallSeconds).ToString("0.0"));
        }
        AnsiConsole.Write(table);
        foreach (var o in outcomes) AnsiConsole.MarkupLineInterpolated($"[grey]{o.Result.Scenario}: {o.Notes}[/]");

        AnsiConsole.MarkupLineInterpolated($"written: {ResultReport.Write(output, "realtime", results)}");
        var details = Path.Combine(output, "realtime-details.json");
        File.WriteAllText(details, JsonSerializer.Serialize(new
        {
            at = DateTimeOffset.UtcNow,
            machine = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, runtime = Environment.Version.ToString() },
            settings,
            scenarios = outcomes.Select(o => new
            {
                o.Result.Scenario,
                deliveriesPerSecond = Math.Round(o.Result.PerSecond, 1),
                o.Result.P50Ms, o.Result.P95Ms, o.Result.P99Ms,
                o.Notes,
                cpuCores = o.Cpu is { } c ? new { hub = c.Cores(c.Hub), hubKernel = c.Cores(c.HubKernel), loadGeneratorKernel = c.Cores(c.LoadGeneratorKernel), postgres = c.Cores(c.Postgres), loadGenerator = c.Cores(c.LoadGenerator), other = c.Cores(c.Other), idle = c.Cores(c.Idle), c.WallSeconds } : null,
                cpuMicrosPerOp = o.Cpu is null ? null : new { hub = CostPerOp(o).Hub, postgres = CostPerOp(o).Postgres, loadGenerator = CostPerOp(o).Load, twoCoreCeilingPerSecond = CostPerOp(o).Ceiling },
                hub = o.Hub,
                loadGenerator = o.LoadGen,
            }),
        }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
        AnsiConsole.MarkupLineInterpolated($"written: {details}");
    }
}
