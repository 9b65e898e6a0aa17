using System.Collections.Concurrent;
using AgentHub.Client.Agents;
using AgentHub.Testing;

namespace AgentHub.Client.IntegrationTests;

/// <summary>The SDK's agent runtime against a real hub: the task loop at scale, and messages across a hub restart.</summary>
public sealed class AgentRuntimeTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Eight_agents_drain_ten_thousand_tasks_each_completed_exactly_once()
    {
        const int Tasks = 10_000;
        await using var kit = await AgentKitScenario.StartAsync(postgres, "runtime_drain");
        await Sql.ExecuteAsync(kit.Hub.Database, $"""
            insert into agenthub.tasks (tenant_id, type, payload, priority)
            select '{kit.Tenant}', 'unit', jsonb_build_object('n', n), n % 5 from generate_series(1, {Tasks}) n
            """);

        var handled = new ConcurrentDictionary<Guid, int>();
        var agents = new List<AgentRuntime>();
        for (var i = 0; i < 8; i++)
        {
            var (token, _) = await kit.AgentAsync($"worker-{i}");
            agents.Add(kit.Runtime(token, new AgentRuntimeOptions
            {
                Name = $"worker-{i}",
                MaxConcurrentTasks = 4,
                TaskHandler = (context, _) =>
                {
                    handled.AddOrUpdate(context.Task.Id, 1, (_, n) => n + 1);
                    return Task.FromResult<object?>(new { n = context.Task.Payload.GetProperty("n").GetInt32() });
                },
            }));
        }

        try
        {
            await Task.WhenAll(agents.Select(a => a.StartAsync(CancellationToken.None)));
            await AgentPresenceTests.EventuallyAsync(
                async () => await kit.ScalarAsync<long>("select count(*) from agenthub.tasks where status = 'completed'") == Tasks,
                "every task to be completed", seconds: 600);
        }
        finally
        {
            foreach (var agent in agents) await agent.DisposeAsync();
        }

        Assert.Equal(Tasks, handled.Count);
        Assert.All(handled.Values, times => Assert.Equal(1, times));
        Assert.Equal(Tasks, agents.Sum(a => a.CompletedTasks));
        Assert.Equal(0L, await kit.ScalarAsync<long>("select count(*) from agenthub.tasks where attempts <> 1 or result->>'n' <> payload->>'n'"));
        Assert.Equal((long)Tasks, await kit.ScalarAsync<long>("select sum(tasks_completed)::bigint from agenthub.agents where name like 'worker-%'"));
        Assert.Equal(0L, await kit.ScalarAsync<long>("select sum(tasks_failed)::bigint from agenthub.agents"));
        Assert.True(agents.Count(a => a.CompletedTasks > 0) > 1, "the work should be shared between agents");
    }

    [Fact]
    public async Task An_idle_agent_is_woken_by_new_work_a_completed_dependency_and_a_delayed_task_falling_due()
    {
        await using var kit = await AgentKitScenario.StartAsync(postgres, "runtime_wake");
        var (workerToken, _) = await kit.AgentAsync("waker");
        var (plannerToken, _) = await kit.AgentAsync("planner");
        var handled = new ConcurrentQueue<string>();
        var release = new TaskCompletionSource();
        await using var worker = kit.Runtime(workerToken, new AgentRuntimeOptions
        {
            Name = "waker",
            MaxConcurrentTasks = 2,
            // Far longer than the test: only realtime can wake this agent.
            IdlePoll = TimeSpan.FromMinutes(10),
            TaskHandler = async (context, _) =>
            {
                handled.Enqueue(context.Task.Type);
                if (context.Task.Type == "first") await release.Task;
                return null;
            },
        });
        await using var planner = kit.Runtime(plannerToken, new AgentRuntimeOptions { Name = "planner" });
        await worker.StartAsync(CancellationToken.None);
        await planner.StartAsync(CancellationToken.None);
        await Task.Delay(500); // the worker's start-up claim found nothing; it is waiting now

        var first = await planner.EnqueueAsync("first");
        await Eventually.TrueAsync(() => handled.Contains("first"), "the enqueued task to wake the worker");

        // Claimable only once "first" completes: the completion wakes the worker again.
        await planner.EnqueueAsync("second", dependsOn: [first!.Id]);
        await Task.Delay(500);
        Assert.DoesNotContain("second", handled);
        release.SetResult();
        await Eventually.TrueAsync(() => handled.Contains("second"), "the completed dependency to wake the worker");

        // A delayed task: nothing happens in the database when it falls due; the hub's sweeper announces it.
        await planner.Client.Rest.RpcAsync("enqueue_task", new { p_type = "delayed", p_run_after = DateTimeOffset.UtcNow.AddSeconds(2) }, AgentRuntime.Schema);
        await Task.Delay(1000);
        Assert.DoesNotContain("delayed", handled);
        await Eventually.TrueAsync(() => handled.Contains("delayed"), "the sweeper to announce the due task", seconds: 20);
        Assert.Equal(["first", "second", "delayed"], handled.ToArray());
    }

    [Fact]
    public async Task Messages_sent_while_the_hub_was_down_are_delivered_once_each_in_order_after_the_reconnect()
    {
        await using var kit = await AgentKitScenario.StartAsync(postgres, "runtime_inbox");
        var (senderToken, sender) = await kit.AgentAsync("sender");
        var (receiverToken, receiver) = await kit.AgentAsync("receiver");
        var received = new ConcurrentQueue<long>();
        await using var inbox = kit.Runtime(receiverToken, new AgentRuntimeOptions
        {
            Name = "receiver",
            MessageHandler = (message, _) =>
            {
                received.Enqueue(message.Body.GetProperty("n").GetInt64());
                return Task.CompletedTask;
            },
        });
        await using var outbox = kit.Runtime(senderToken, new AgentRuntimeOptions { Name = "sender" });
        await inbox.StartAsync(CancellationToken.None);
        await outbox.StartAsync(CancellationToken.None);

        await outbox.SendMessageAsync(new { n = 1 }, to: receiver);
        await Eventually.TrueAsync(() => received.Count == 1, "the live message");

        // While the hub is down the sender writes straight to the database (an agent on another hub
        // node would); the receiver's socket is gone, so only its catch-up can find these.
        await kit.Hub.RestartAsync(async () =>
        {
            for (var n = 2; n <= 6; n++)
            {
                await kit.AsAgentAsync(sender, "select agenthub.send_message(jsonb_build_object('n', $1::int), $2)", n, receiver);
            }
        });

        await Eventually.TrueAsync(() => received.Count >= 6, "the messages sent while the hub was down", seconds: 30);
        await outbox.SendMessageAsync(new { n = 7 }, to: receiver);
        await Eventually.TrueAsync(() => received.Count >= 7, "a live message after the reconnect", seconds: 30);
        await Task.Delay(500); // a duplicate would show up here
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], received.ToArray());
        const string Acked = "select coalesce(string_agg(m.body->>'n', ',' order by m.seq), '') from agenthub.message_acks a join agenthub.messages m on m.id = a.message_id where a.agent_id = $1";
        try
        {
            await AgentPresenceTests.EventuallyAsync(async () => await kit.ScalarAsync<string>(Acked, receiver) == "1,2,3,4,5,6,7", "every message to be acknowledged");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; acknowledged: {await kit.ScalarAsync<string>(Acked, receiver)}", e);
        }
    }
}
