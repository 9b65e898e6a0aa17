using System.Diagnostics;
using AgentHub.Client.Realtime;
using AgentHub.Testing;

namespace AgentHub.Client.IntegrationTests;

/// <summary>The hub's presence mirror: realtime presence on the tenant channel, reflected in the registry.</summary>
public sealed class AgentPresenceTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_killed_agents_task_returns_to_the_queue_as_soon_as_its_connection_drops()
    {
        await using var kit = await AgentKitScenario.StartAsync(postgres, "presence_kill");
        var (token, agent) = await kit.AgentAsync("doomed");
        await using var service = kit.Hub.ServiceClient();
        var task = await service.Rest.RpcAsync<Agents.AgentTask>("enqueue_task", new { p_type = "work", p_tenant = kit.Tenant }, "agenthub");

        using var process = StartAgentProcess(kit.Hub, token, "doomed");
        var claimed = await ReadLineAsync(process, line => line.StartsWith("claimed ", StringComparison.Ordinal));
        Assert.Equal($"claimed {task!.Id}", claimed);
        Assert.True(await kit.ScalarAsync<bool>("select online from agenthub.agents where id = $1", agent));
        Assert.Equal("running", await kit.ScalarAsync<string>("select status::text from agenthub.tasks where id = $1", task.Id));

        var killedAt = Stopwatch.StartNew();
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();

        // The task's lease is 10 minutes and silent agents are swept after a minute: only the
        // presence ending can bring it back within the few seconds allowed here.
        await EventuallyAsync(async () => await kit.ScalarAsync<string>("select status::text from agenthub.tasks where id = $1", task.Id) == "pending",
            "the killed agent's task to be pending again", seconds: 10);
        Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Null(await kit.ScalarAsync<object>("select claimed_by from agenthub.tasks where id = $1", task.Id));
        Assert.False(await kit.ScalarAsync<bool>("select online from agenthub.agents where id = $1", agent));
        Assert.Equal("offline", await kit.ScalarAsync<string>("select status::text from agenthub.agents where id = $1", agent));
        Assert.Equal("presence ended", await kit.ScalarAsync<string>(
            "select end_reason from agenthub.agent_sessions where agent_id = $1 order by started_at desc limit 1", agent));
    }

    [Fact]
    public async Task Tracked_status_is_mirrored_and_the_agent_goes_offline_with_its_last_connection()
    {
        await using var kit = await AgentKitScenario.StartAsync(postgres, "presence_mirror");
        var (token, agent) = await kit.AgentAsync("reader");
        await using var first = kit.Hub.Client(token);
        await using var second = kit.Hub.Client(token);
        var topic = $"tenant:{kit.Tenant}";
        var one = first.Realtime.Channel(topic, new ChannelOptions { PresenceKey = agent.ToString(), Private = true });
        var two = second.Realtime.Channel(topic, new ChannelOptions { PresenceKey = agent.ToString(), Private = true });
        await first.Realtime.ConnectAsync();
        await second.Realtime.ConnectAsync();
        await one.SubscribeAsync();
        await two.SubscribeAsync();

        await one.TrackAsync(new { status = "processing", activity = "reading papers" });
        await EventuallyAsync(async () => await kit.ScalarAsync<string>("select status::text from agenthub.agents where id = $1", agent) == "processing",
            "the tracked status in the registry");
        Assert.True(await kit.ScalarAsync<bool>("select online from agenthub.agents where id = $1", agent));
        Assert.Equal("reading papers", await kit.ScalarAsync<string>("select current_activity from agenthub.agents where id = $1", agent));
        Assert.Equal(1L, await kit.ScalarAsync<long>("select count(*) from agenthub.agent_sessions where agent_id = $1 and ended_at is null", agent));

        await two.TrackAsync(new { status = "waiting" });
        await EventuallyAsync(async () => await kit.ScalarAsync<string>("select status::text from agenthub.agents where id = $1", agent) == "waiting",
            "the second connection's status");

        await one.UnsubscribeAsync();
        await two.TrackAsync(new { status = "busy" }); // applied after the first leave: the mirror keeps order
        await EventuallyAsync(async () => await kit.ScalarAsync<string>("select status::text from agenthub.agents where id = $1", agent) == "busy",
            "the status after one of two connections left");
        Assert.True(await kit.ScalarAsync<bool>("select online from agenthub.agents where id = $1", agent));

        await two.UnsubscribeAsync();
        await EventuallyAsync(async () => !await kit.ScalarAsync<bool>("select online from agenthub.agents where id = $1", agent),
            "the agent to go offline with its last connection");
        Assert.Equal(0L, await kit.ScalarAsync<long>("select count(*) from agenthub.agent_sessions where agent_id = $1 and ended_at is null", agent));
    }

    [Fact]
    public async Task A_presence_is_mirrored_only_on_the_private_channel_and_when_the_token_vouches_for_its_key()
    {
        await using var kit = await AgentKitScenario.StartAsync(postgres, "presence_vouch");
        var (mallory, _) = await kit.AgentAsync("mallory");
        var (victimToken, victim) = await kit.AgentAsync("victim");
        var (witnessToken, witness) = await kit.AgentAsync("witness");
        var topic = $"tenant:{kit.Tenant}";

        // The witness is present only on the public channel of that name, which anyone may join: not mirrored.
        await using var onPublic = kit.Hub.Client(witnessToken);
        var publicChannel = onPublic.Realtime.Channel(topic, new ChannelOptions { PresenceKey = witness.ToString() });
        await onPublic.Realtime.ConnectAsync();
        await publicChannel.SubscribeAsync();
        await publicChannel.TrackAsync(new { status = "busy" });

        // Mallory claims to be the victim, and the service key claims to be the witness.
        await using var impostor = kit.Hub.Client(mallory);
        await using var service = kit.Hub.ServiceClient();
        var spoofed = impostor.Realtime.Channel(topic, new ChannelOptions { PresenceKey = victim.ToString(), Private = true });
        var serviceSpoof = service.Realtime.Channel(topic, new ChannelOptions { PresenceKey = witness.ToString(), Private = true });
        await impostor.Realtime.ConnectAsync();
        await service.Realtime.ConnectAsync();
        await spoofed.SubscribeAsync();
        await serviceSpoof.SubscribeAsync();
        await spoofed.TrackAsync(new { status = "busy" });
        await serviceSpoof.TrackAsync(new { status = "busy" });

        // The victim's own presence comes later; once the mirror shows it, the spoofs were already handled.
        await using var real = kit.Hub.Client(victimToken);
        var own = real.Realtime.Channel(topic, new ChannelOptions { PresenceKey = victim.ToString(), Private = true });
        await real.Realtime.ConnectAsync();
        await own.SubscribeAsync();
        await own.TrackAsync(new { status = "waiting" });
        await EventuallyAsync(async () => await kit.ScalarAsync<string>("select status::text from agenthub.agents where id = $1", victim) == "waiting",
            "the victim's own presence");
        Assert.False(await kit.ScalarAsync<bool>("select online from agenthub.agents where id = $1", witness));

        // Mallory leaving must not take the victim offline either.
        await spoofed.UnsubscribeAsync();
        await own.TrackAsync(new { status = "idle" });
        await EventuallyAsync(async () => await kit.ScalarAsync<string>("select status::text from agenthub.agents where id = $1", victim) == "idle",
            "the victim's next status");
        Assert.True(await kit.ScalarAsync<bool>("select online from agenthub.agents where id = $1", victim));
    }

    private static Process StartAgentProcess(HubInstance hub, string token, string name)
    {
        var agentDll = Path.Combine(AppContext.BaseDirectory, "AgentHub.TestAgent.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { agentDll, hub.Server.ApiUrl.ToString(), hub.Server.Keys.Anon, token, name }) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string> ReadLineAsync(Process process, Func<string, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (match(line)) return line;
        }

        throw new InvalidOperationException($"the agent process exited ({process.ExitCode}) before printing the expected line");
    }

    internal static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out after {seconds} s waiting for {what}");
            await Task.Delay(50);
        }
    }
}
