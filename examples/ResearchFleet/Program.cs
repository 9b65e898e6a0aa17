using System.Diagnostics;
using AgentHub.Client;
using AgentHub.Server;
using AgentHub.Server.Configuration;
using ResearchFleet;

// One command: dotnet run --project examples/ResearchFleet [-- --port 54321 --db-port 54322 --keep-running]
// Starts an embedded AgentHub (data in ./.agenthub-example), a research team of four agents talking to
// it over HTTP and WebSocket through the SDK, gives the planner one job, prints the runs' progress as
// it happens, then the report.
int Arg(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v && int.TryParse(v, out var n) ? n : fallback;
var keepRunning = args.Contains("--keep-running");
var clock = Stopwatch.StartNew();

var (options, _) = HubConfiguration.Build(Directory.GetCurrentDirectory(), HubConfiguration.ProcessEnvironment(), new Dictionary<string, string?>
{
    ["AgentHub:Port"] = Arg("--port", 54321).ToString(),
    ["AgentHub:Database:EmbeddedPort"] = Arg("--db-port", 54322).ToString(),
    ["AgentHub:DataDir"] = args.SkipWhile(a => a != "--data-dir").Skip(1).FirstOrDefault() ?? ".agenthub-example",
});
await using var hub = await AgentHubServer.StartAsync(options, logging => { });
Console.WriteLine($"AgentHub running at {hub.ApiUrl} (watch with the anon key: {hub.Keys.Anon[..24]}...)");
Console.WriteLine($"Dashboard: {new Uri(hub.ApiUrl, "dashboard/")} (sign in with the service key: ./agenthub keys --data-dir {options.DataDir})");

await using var fleet = await Fleet.CreateAsync(hub, stepDelay: TimeSpan.FromMilliseconds(300));
await fleet.StartAsync();
Console.WriteLine($"4 agents online after {clock.Elapsed.TotalSeconds:0.0} s");

// Watch every run of the tenant live, as a dashboard would (the service key sees everything).
await using var watcher = new AgentHubClient(new AgentHubClientOptions { Url = hub.ApiUrl, ApiKey = hub.Keys.ServiceRole });
var reportReady = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
var tenant = fleet.TenantId;
var runs = watcher.Realtime.Channel("fleet-watch")
    .OnPostgresChanges("*", "agenthub", "runs", $"tenant_id=eq.{tenant}", change =>
    {
        var run = change.Record;
        Console.WriteLine($"  {clock.Elapsed.TotalSeconds,5:0.0}s run {run.GetProperty("name").GetString(),-13} {run.GetProperty("status").GetString(),-12} {run.GetProperty("progress").GetDouble(),5:0}%  {run.GetProperty("current_step")}");
        if (run.GetProperty("name").GetString() == "write-report" && run.GetProperty("status").GetString() == "completed")
        {
            reportReady.TrySetResult(run.GetProperty("result").GetProperty("report").GetString()!);
        }
    });
await watcher.Realtime.ConnectAsync();
await runs.SubscribeAsync();

await fleet.EnqueueJobAsync("agent memory systems", "vector stores", "episodic memory", "forgetting");
var report = await reportReady.Task.WaitAsync(TimeSpan.FromMinutes(2));
Console.WriteLine();
Console.WriteLine(report);
Console.WriteLine($"\nDone in {clock.Elapsed.TotalSeconds:0.0} s.");

if (keepRunning)
{
    Console.WriteLine("Hub and agents keep running; Ctrl-C to stop.");
    var stop = new TaskCompletionSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
    await stop.Task;
}
