using AgentHub.Client;
using AgentHub.Client.Agents;

// Usage: AgentHub.TestAgent <api url> <anon key> <agent token> <agent name>
// Prints "started" once registered and present, then "claimed <task id>" for each task it takes. It
// never finishes a task: the test kills this process to see what the hub does with the task.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: AgentHub.TestAgent <api url> <anon key> <agent token> <agent name>");
    return 2;
}

await using var client = new AgentHubClient(new AgentHubClientOptions { Url = new Uri(args[0]), ApiKey = args[1], AccessToken = args[2] });
await using var agent = new AgentRuntime(client, new AgentRuntimeOptions
{
    Name = args[3],
    Lease = TimeSpan.FromMinutes(10), // far longer than the test: only the presence mirror can free the task
    TaskHandler = async (task, cancellationToken) =>
    {
        Console.WriteLine($"claimed {task.Task.Id}");
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return null;
    },
});
await agent.StartAsync(CancellationToken.None);
Console.WriteLine("started");
await Task.Delay(Timeout.Infinite);
return 0;
