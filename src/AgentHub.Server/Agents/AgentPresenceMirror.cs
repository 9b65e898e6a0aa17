using System.Text.Json;
using System.Threading.Channels;
using AgentHub.Realtime.Presence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;

namespace AgentHub.Server.Agents;

/// <summary>
/// Mirrors agents' realtime presence into the registry: presence on the private channel <c>tenant:&lt;tenant id&gt;</c> with the
/// agent id as presence key marks the agent online (status and activity from the tracked meta), and the
/// end of its last presence marks it offline and returns its leased tasks to the queue at once.
/// </summary>
/// <remarks>
/// Trust: only the private channel counts (its policies admit the tenant's agents and members), and a presence counts only when the member's token vouches for it (its <c>tenant_id</c> and
/// <c>agent_id</c> claims are the topic's tenant and the key), so nobody can make another agent look
/// online or knock it offline. An agent may be present over several connections; it goes offline
/// when the last one ends. Notices arrive under a channel lock, so they are only counted and queued
/// here; one worker applies them in order (an offline and a quick re-join stay in that order). A
/// database failure is retried with backoff until it succeeds or the hub stops: an offline that was
/// dropped would leave tasks leased to a dead agent until their lease ran out.
/// </remarks>
internal sealed partial class AgentPresenceMirror(NpgsqlDataSource admin, ILogger<AgentPresenceMirror> logger) : BackgroundService, IPresenceObserver
{
    private const string TopicPrefix = "tenant:";

    private readonly Channel<Change> _changes = Channel.CreateUnbounded<Change>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<Guid, int> _connections = [];
    private readonly Lock _sync = new();

    private readonly ResiliencePipeline _retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>().Handle<TimeoutException>(),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(5),
            UseJitter = true,
            OnRetry = args =>
            {
                LogRetry(logger, args.AttemptNumber + 1, args.Outcome.Exception?.Message);
                return default;
            },
        })
        .Build();

    /// <summary>Agents with at least one presence on this hub.</summary>
    public Guid[] PresentAgents()
    {
        lock (_sync) return [.. _connections.Keys];
    }

    /// <inheritdoc />
    public bool Observes(string subTopic, bool isPrivate) => isPrivate && TryTenant(subTopic, out _);

    /// <inheritdoc />
    public void OnPresence(PresenceNotice notice)
    {
        if (!TryVouch(notice, out var tenant, out var agent)) return;
        Change? change;
        lock (_sync)
        {
            _connections.TryGetValue(agent, out var count);
            switch (notice.Kind)
            {
                case PresenceNoticeKind.Joined:
                    _connections[agent] = count + 1;
                    change = new Change(tenant, agent, Online: true, notice.PayloadJson.ToArray());
                    break;
                case PresenceNoticeKind.Updated:
                    change = new Change(tenant, agent, Online: true, notice.PayloadJson.ToArray());
                    break;
                default:
                    if (count <= 1)
                    {
                        _connections.Remove(agent);
                        change = new Change(tenant, agent, Online: false, null);
                    }
                    else
                    {
                        _connections[agent] = count - 1;
                        change = null;
                    }

                    break;
            }
        }

        if (change is not null) _changes.Writer.TryWrite(change);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in _changes.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await _retry.ExecuteAsync(static (state, ct) => state.Mirror.ApplyAsync(state.Change, ct), (Mirror: this, Change: change), stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is left is for the silent-agent sweep of whichever hub runs next.
        }
    }

    private async ValueTask ApplyAsync(Change change, CancellationToken cancellationToken)
    {
        if (change.Online)
        {
            var known = await ServiceRoleSql.ScalarAsync<bool>(admin, "select agenthub.mirror_presence_online($1, $2, $3::jsonb)",
                [change.Tenant, change.Agent, System.Text.Encoding.UTF8.GetString(change.MetaJson!)], cancellationToken).ConfigureAwait(false);
            if (!known) LogUnregistered(logger, change.Agent, change.Tenant);
        }
        else
        {
            var released = await ServiceRoleSql.ScalarAsync<int>(admin, "select agenthub.mirror_presence_offline($1, $2)",
                [change.Tenant, change.Agent], cancellationToken).ConfigureAwait(false);
            LogOffline(logger, change.Agent, released);
        }
    }

    private static bool TryVouch(PresenceNotice notice, out Guid tenant, out Guid agent)
    {
        agent = default;
        return TryTenant(notice.SubTopic, out tenant)
            && Guid.TryParse(notice.Key, out agent)
            && Claim(notice.Token.Claims, "tenant_id") == tenant
            && Claim(notice.Token.Claims, "agent_id") == agent;
    }

    private static Guid? Claim(JsonElement claims, string name) =>
        claims.ValueKind == JsonValueKind.Object && claims.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id) ? id : null;

    private static bool TryTenant(string subTopic, out Guid tenant)
    {
        tenant = default;
        return subTopic.StartsWith(TopicPrefix, StringComparison.Ordinal) && Guid.TryParse(subTopic.AsSpan(TopicPrefix.Length), out tenant);
    }

    private sealed record Change(Guid Tenant, Guid Agent, bool Online, byte[]? MetaJson);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Agent {AgentId} presence ended: offline, {Released} task(s) back in the queue")]
    private static partial void LogOffline(ILogger logger, Guid agentId, int released);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Presence of agent {AgentId} in tenant {TenantId} not mirrored: no such registered agent")]
    private static partial void LogUnregistered(ILogger logger, Guid agentId, Guid tenantId);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Presence mirror write failed (attempt {Attempt}), retrying: {Error}")]
    private static partial void LogRetry(ILogger logger, int attempt, string? error);
}
