using AgentHub.Client;
using AgentHub.Client.Agents;
using AgentHub.Server;

namespace ResearchFleet;

/// <summary>
/// The research team as one unit: a writer, a planner and two researchers, each its own SDK client with
/// its own agent token (as separate processes would be), in the tenant <see cref="TenantSlug"/>.
/// Program.cs runs it; the dashboard's browser test drives the same fleet.
/// </summary>
/// <remarks>
/// <see cref="CreateAsync"/> registers the tenant and the agents (they exist, offline);
/// <see cref="StartAsync"/> brings them online; disposing stops them, which ends their presence.
/// </remarks>
public sealed class Fleet : IAsyncDisposable
{
    public const string TenantSlug = "research-team";

    private readonly AgentHubServer _hub;
    private readonly ResearchTeam _team;
    private readonly Dictionary<string, string> _tokens;
    private readonly List<(AgentHubClient Client, AgentRuntime Runtime)> _agents = [];
    private AgentRuntime? _planner;

    private Fleet(AgentHubServer hub, ResearchTeam team, Guid tenantId, Dictionary<string, string> tokens)
    {
        _hub = hub;
        _team = team;
        TenantId = tenantId;
        _tokens = tokens;
    }

    /// <summary>The agents, in start order.</summary>
    public static readonly IReadOnlyList<string> AgentNames = ["writer", "planner", "researcher-1", "researcher-2"];

    /// <summary>The team's tenant.</summary>
    public Guid TenantId { get; }

    /// <summary>Registers the tenant and the four agents (offline until <see cref="StartAsync"/>).</summary>
    /// <param name="hub">The hub the agents talk to over HTTP and WebSocket.</param>
    /// <param name="stepDelay">How long each research step takes.</param>
    public static async Task<Fleet> CreateAsync(AgentHubServer hub, TimeSpan stepDelay, CancellationToken cancellationToken = default)
    {
        var tokens = new Dictionary<string, string>();
        Guid tenant = default;
        foreach (var name in AgentNames)
        {
            (tokens[name], tenant, _) = await hub.MintAgentTokenAsync(TenantSlug, name, cancellationToken: cancellationToken);
        }
        return new Fleet(hub, new ResearchTeam(stepDelay), tenant, tokens);
    }

    /// <summary>Starts the four agents: each registers, joins the tenant's presence and starts claiming work.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var writer = await StartAgentAsync("writer", "writer", ["write"], _team.WriteAsync, cancellationToken, _team.ReceiveAsync);
        _team.WriterId = writer.Identity.AgentId;
        _planner = await StartAgentAsync("planner", "planner", ["plan"], _team.PlanAsync, cancellationToken);
        await StartAgentAsync("researcher-1", "researcher", ["research"], _team.ResearchAsync, cancellationToken);
        await StartAgentAsync("researcher-2", "researcher", ["research"], _team.ResearchAsync, cancellationToken);
    }

    /// <summary>Gives the planner a research job: it splits it into research tasks and a write task that depends on them.</summary>
    public Task<AgentTask?> EnqueueJobAsync(string topic, params string[] angles) =>
        (_planner ?? throw new InvalidOperationException("Start the fleet first.")).EnqueueAsync("research-job", ResearchTeam.Job(topic, angles), requiredCapabilities: ["plan"]);

    private async Task<AgentRuntime> StartAgentAsync(string name, string type, string[] capabilities,
        Func<TaskContext, CancellationToken, Task<object?>> handler, CancellationToken cancellationToken, Func<AgentMessage, CancellationToken, Task>? messages = null)
    {
        var client = new AgentHubClient(new AgentHubClientOptions { Url = _hub.ApiUrl, ApiKey = _hub.Keys.Anon, AccessToken = _tokens[name] });
        var runtime = new AgentRuntime(client, new AgentRuntimeOptions { Name = name, Type = type, Capabilities = capabilities, TaskHandler = handler, MessageHandler = messages, MaxConcurrentTasks = 2 });
        await runtime.StartAsync(cancellationToken);
        _agents.Add((client, runtime));
        return runtime;
    }

    /// <summary>Stops every agent (running handlers finish first) and closes its client.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var (client, runtime) in _agents)
        {
            await runtime.StopAsync(CancellationToken.None);
            await client.DisposeAsync();
        }
        _agents.Clear();
    }
}
