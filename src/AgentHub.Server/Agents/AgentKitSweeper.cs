using AgentHub.Server.Hosting;
using AgentHub.Server.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AgentHub.Server.Agents;

/// <summary>
/// The agent kit's time-driven upkeep. Lifecycle: starts with the host, stops with it.
/// Cadence: every <see cref="AgentKitOptions.LeaseSweepSeconds"/> it returns tasks whose lease ran out
/// (an agent that hangs while still connected; agents that disconnect are handled at once by the
/// presence mirror), marks offline agents that went silent while no hub watched their presence, and
/// announces delayed tasks that became due (a "tasks_available" broadcast wakes idle agents), and every <see cref="AgentKitOptions.StuckRunCheckSeconds"/> it flags runs with no
/// update for <see cref="AgentKitOptions.StuckRunMinutes"/>; the 'stuck' event it appends reaches
/// subscribers of run_events over realtime. These are timers because nothing happens in the database
/// when time passes. Failure: a failed sweep is logged and retried at the next tick. Several hub nodes
/// may sweep at once: both functions skip rows another sweeper holds.
/// </summary>
internal sealed partial class AgentKitSweeper(NpgsqlDataSource admin, AgentHubOptions options, AgentPresenceMirror presence, ILogger<AgentKitSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var agents = options.Agents;
        var nextStuckCheck = DateTime.UtcNow;
        // Announcing a due task twice only wakes agents twice, so each window overlaps the last by a
        // second (clock skew between hub and database); a missed one would wait for the agents' idle poll.
        var dueSince = DateTimeOffset.UtcNow.AddSeconds(-agents.LeaseSweepSeconds);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(agents.LeaseSweepSeconds));
        do
        {
            try
            {
                var released = await ServiceRoleSql.ScalarAsync<int>(admin, "select agenthub.expire_task_leases()", [], stoppingToken).ConfigureAwait(false);
                if (released > 0) LogReleased(released);
                var silent = await ServiceRoleSql.ScalarAsync<int>(admin, "select agenthub.expire_silent_agents(make_interval(secs => $1), $2)",
                    [agents.SilentAgentSeconds, presence.PresentAgents()], stoppingToken).ConfigureAwait(false);
                if (silent > 0) LogSilent(silent, agents.SilentAgentSeconds);
                var windowStart = DateTimeOffset.UtcNow.AddSeconds(-1);
                await ServiceRoleSql.ScalarAsync<int>(admin, "select agenthub.announce_due_tasks($1)", [dueSince], stoppingToken).ConfigureAwait(false);
                dueSince = windowStart;
                if (DateTime.UtcNow >= nextStuckCheck)
                {
                    nextStuckCheck = DateTime.UtcNow.AddSeconds(agents.StuckRunCheckSeconds);
                    var stuck = await ServiceRoleSql.ScalarAsync<long>(admin, "select count(*) from agenthub.flag_stuck_runs(make_interval(secs => $1))", [agents.StuckRunMinutes * 60], stoppingToken).ConfigureAwait(false);
                    if (stuck > 0) LogStuck(stuck, agents.StuckRunMinutes);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(e.Message);
            }
        }
        while (await PeriodicTicks.NextAsync(timer, stoppingToken).ConfigureAwait(false));
    }


    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Returned {Count} task(s) with expired leases to the queue")]
    private partial void LogReleased(int count);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "{Count} agent(s) marked offline: no presence here and no heartbeat for {Seconds} s")]
    private partial void LogSilent(int count, int seconds);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "{Count} run(s) flagged stuck (no update for {Minutes} min)")]
    private partial void LogStuck(long count, double minutes);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Agent kit sweep failed, retrying at the next tick: {Error}")]
    private partial void LogSweepFailed(string error);
}
