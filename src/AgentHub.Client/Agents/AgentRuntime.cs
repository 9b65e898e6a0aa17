using System.Diagnostics;
using System.Text.Json;
using AgentHub.Client.Realtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentHub.Client.Agents;

/// <summary>
/// Runs one agent: registers it, keeps its presence on the tenant channel (the hub mirrors presence
/// into the registry and returns the tasks of an agent whose presence ends), claims tasks when
/// realtime says work appeared, runs the handler with a concurrency limit under a renewed lease,
/// records each attempt as a run with progress, and delivers messages, catching up after reconnects.
/// </summary>
/// <remarks>
/// Lifecycle: <see cref="StartAsync"/> registers, connects and starts the loops; <see cref="StopAsync"/>
/// stops claiming, lets running handlers finish (until the token given to it is cancelled), then
/// leaves, which ends its presence. Calls fail over to retries with backoff in <see cref="Rest.RestClient"/>.
/// </remarks>
public sealed class AgentRuntime : IHostedService, IAsyncDisposable
{
    /// <summary>The agent kit's schema.</summary>
    public const string Schema = "agenthub";

    /// <summary>SQLSTATE of "task … is not held by this agent".</summary>
    private const string TaskNotHeld = "55000";

    /// <summary>The broadcast on the tenant channel that says claimable work appeared.</summary>
    public const string TasksAvailableEvent = "tasks_available";

    private readonly AgentRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _running = [];
    private readonly Lock _runningGate = new();
    private RealtimeChannel? _channel;
    private Task? _loops;
    private long _lastMessageSeq;
    private bool _caughtUp;

    /// <summary>Creates the runtime for the agent the client's token names.</summary>
    public AgentRuntime(AgentHubClient client, AgentRuntimeOptions options, ILogger<AgentRuntime>? logger = null)
    {
        Client = client;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Identity = AgentIdentity.FromToken(client.AccessToken);
    }

    /// <summary>The client this agent talks through.</summary>
    public AgentHubClient Client { get; }

    /// <summary>Tenant and agent, from the token.</summary>
    public AgentIdentity Identity { get; }

    /// <summary>Tasks this runtime completed (for tests and dashboards).</summary>
    public long CompletedTasks => Interlocked.Read(ref _completed);

    private long _completed;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Client.Rest.RpcAsync("register_agent", new
        {
            p_name = _options.Name, p_type = _options.Type, p_capabilities = _options.Capabilities, p_metadata = _options.Metadata ?? new { },
        }, Schema, cancellationToken).ConfigureAwait(false);

        var tenant = Identity.TenantId.ToString();
        _channel = Client.Realtime.Channel($"tenant:{tenant}", new ChannelOptions { PresenceKey = Identity.AgentId.ToString(), Private = true })
            // The database announces claimable work on this channel once per transaction (a pending task
            // inserted or back in the queue, a dependency completed, a delayed task due); row changes of
            // the tasks table would be one frame per task, too many when thousands are enqueued at once.
            .OnBroadcast(TasksAvailableEvent, _ => Wake())
            .OnPostgresChanges("INSERT", Schema, "messages", $"tenant_id=eq.{tenant}", change =>
            {
                // Until the inbox has been read since the last reconnect, a live message may be newer
                // than messages missed while away: read the inbox (which includes it) instead.
                if (!Volatile.Read(ref _caughtUp)) _ = CatchUpMessagesAsync(_stopping.Token);
                else if (change.RecordAs<AgentMessage>() is { } message) _ = DeliverAsync([message]);
            });
        Client.Realtime.Connected += OnReconnected;
        Client.Realtime.Disconnected += OnDisconnected;
        await Client.Realtime.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await _channel.SubscribeAsync(cancellationToken).ConfigureAwait(false);
        await _channel.TrackAsync(new { agent_id = Identity.AgentId, name = _options.Name, type = _options.Type, status = "idle" }, cancellationToken).ConfigureAwait(false);
        await Client.Rest.RpcAsync("agent_online", new { p_agent = Identity.AgentId }, Schema, cancellationToken).ConfigureAwait(false);
        await CatchUpMessagesAsync(cancellationToken).ConfigureAwait(false);

        _loops = Task.WhenAll(TaskLoopAsync(_stopping.Token), HeartbeatLoopAsync(_stopping.Token));
        Wake();
        _logger.LogInformation("Agent {Name} ({AgentId}) started in tenant {TenantId}", _options.Name, Identity.AgentId, Identity.TenantId);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        Client.Realtime.Connected -= OnReconnected;
        Client.Realtime.Disconnected -= OnDisconnected;
        if (_loops is not null) await _loops.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] running;
        lock (_runningGate) running = [.. _running];
        await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            await Client.Rest.RpcAsync("agent_offline", new { p_agent = Identity.AgentId, p_reason = "stopped" }, Schema, CancellationToken.None).ConfigureAwait(false);
            if (_channel is not null) await _channel.UnsubscribeAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AgentHubUnavailableException or RealtimeException)
        {
            _logger.LogWarning("Agent {Name} stopped without telling the hub: {Error}", _options.Name, e.Message);
        }
    }

    /// <summary>Enqueues a task in this agent's tenant.</summary>
    public Task<AgentTask?> EnqueueAsync(string type, object? payload = null, int priority = 0, IReadOnlyList<Guid>? dependsOn = null,
                                         string[]? requiredCapabilities = null, Guid? runId = null, CancellationToken cancellationToken = default) =>
        Client.Rest.RpcAsync<AgentTask>("enqueue_task", new
        {
            p_type = type, p_payload = payload ?? new { }, p_priority = priority, p_depends_on = dependsOn ?? [],
            p_required_capabilities = requiredCapabilities ?? [], p_run_id = runId,
        }, Schema, cancellationToken);

    /// <summary>Sends a message: direct (to), in a conversation, or team-wide.</summary>
    public Task<AgentMessage?> SendMessageAsync(object body, Guid? to = null, Guid? conversation = null, CancellationToken cancellationToken = default) =>
        Client.Rest.RpcAsync<AgentMessage>("send_message", new { p_body = body, p_recipient = to, p_conversation = conversation }, Schema, cancellationToken);

    private void Wake()
    {
        // One pending wake-up is enough: when the loop runs it claims all it has room for.
        if (_wake.CurrentCount > 0) return;
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another wake-up got there first.
        }
    }

    private void OnDisconnected(Exception? error) => Volatile.Write(ref _caughtUp, false);

    private void OnReconnected()
    {
        // Whatever happened while we were away: claim what appeared, read what was sent.
        Wake();
        _ = CatchUpMessagesAsync(_stopping.Token);
    }

    private async Task TaskLoopAsync(CancellationToken stopping)
    {
        if (_options.TaskHandler is null) return;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                int free;
                lock (_runningGate)
                {
                    _running.RemoveAll(t => t.IsCompleted);
                    free = _options.MaxConcurrentTasks - _running.Count;
                }
                if (free > 0)
                {
                    var claimed = await Client.Rest.RpcAsync<AgentTask[]>("claim_tasks", new { p_max = free, p_lease_seconds = (int)_options.Lease.TotalSeconds }, Schema, stopping).ConfigureAwait(false) ?? [];
                    foreach (var task in claimed)
                    {
                        var handling = HandleAsync(task, stopping);
                        lock (_runningGate) _running.Add(handling);
                    }
                    if (claimed.Length == free) continue; // maybe more waiting: claim again at once
                }
                await _wake.WaitAsync(_options.IdlePoll, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is AgentHubUnavailableException or AgentHubApiException)
            {
                _logger.LogWarning("Claiming tasks failed: {Error}", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// One slot's work: the claimed task, then, while the agent is not stopping, the task the hub hands
    /// over with each completion (complete_and_claim: one round trip instead of a completion and a claim).
    /// </summary>
    private async Task HandleAsync(AgentTask first, CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            for (AgentTask? task = first; task is not null;)
            {
                task = await RunOneAsync(task, stopping).ConfigureAwait(false);
            }
        }
        finally
        {
            Wake(); // a slot is free
        }
    }

    /// <summary>Runs one task under a renewed lease as a run of its own; returns the next task claimed with its completion, if any.</summary>
    private async Task<AgentTask?> RunOneAsync(AgentTask task, CancellationToken stopping)
    {
        var clock = Stopwatch.StartNew();
        Guid runId = default;
        using var leaseRenewal = new CancellationTokenSource();
        var renewing = RenewLeaseAsync(task.Id, leaseRenewal.Token);
        try
        {
            var run = await Client.Rest.RpcAsync("start_run", new { p_name = task.Type, p_task = task.Id, p_parent_run = task.RunId }, Schema, CancellationToken.None).ConfigureAwait(false);
            runId = run.GetProperty("id").GetGuid();
            var result = await _options.TaskHandler!(new TaskContext(this, task, runId), stopping).ConfigureAwait(false);
            AgentTask? next = null;
            try
            {
                if (stopping.IsCancellationRequested)
                {
                    await Client.Rest.RpcAsync("complete_task", new { p_task = task.Id, p_result = result, p_execution_ms = clock.ElapsedMilliseconds }, Schema, CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    var claimed = await Client.Rest.RpcAsync<AgentTask[]>("complete_and_claim", new
                    {
                        p_task = task.Id, p_result = result, p_execution_ms = clock.ElapsedMilliseconds, p_max = 1, p_lease_seconds = (int)_options.Lease.TotalSeconds,
                    }, Schema, CancellationToken.None).ConfigureAwait(false);
                    next = claimed?.FirstOrDefault();
                }
            }
            catch (AgentHubApiException e) when (e.Code == TaskNotHeld)
            {
                // The queue took the task back while the handler ran (the lease ran out, or the hub saw
                // this agent's presence end): it is another attempt's now, and this result is dropped.
                _logger.LogWarning("Task {TaskId} ({Type}) was returned to the queue before it completed; its result is dropped: {Error}", task.Id, task.Type, e.ApiMessage);
                await TryFailRunAsync(runId, new { message = "the task was returned to the queue before it completed", type = "TaskTakenBack" }).ConfigureAwait(false);
                return null;
            }
            Interlocked.Increment(ref _completed);
            try
            {
                await Client.Rest.RpcAsync("complete_run", new { p_run = runId, p_result = result }, Schema, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AgentHubApiException or AgentHubUnavailableException)
            {
                // The task is done; the next one, already ours, must not be dropped because its run record lags.
                _logger.LogWarning("Task {TaskId} completed, but its run {RunId} could not be marked completed: {Error}", task.Id, runId, e.Message);
            }
            return next;
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            _logger.LogWarning("Task {TaskId} ({Type}) failed: {Error}", task.Id, task.Type, e.Message);
            var error = new { message = e.Message, type = e.GetType().Name };
            try
            {
                if (runId != default) await Client.Rest.RpcAsync("fail_run", new { p_run = runId, p_error = error }, Schema, CancellationToken.None).ConfigureAwait(false);
                await Client.Rest.RpcAsync("fail_task", new { p_task = task.Id, p_error = error, p_retryable = e is not NonRetryableTaskException }, Schema, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception report) when (report is AgentHubApiException or AgentHubUnavailableException)
            {
                // The lease may have gone (we were seen offline); the task is back in the queue anyway.
                _logger.LogWarning("Could not record the failure of task {TaskId}: {Error}", task.Id, report.Message);
            }
            return null;
        }
        finally
        {
            await leaseRenewal.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task TryFailRunAsync(Guid runId, object error)
    {
        try
        {
            await Client.Rest.RpcAsync("fail_run", new { p_run = runId, p_error = error }, Schema, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AgentHubApiException or AgentHubUnavailableException)
        {
            _logger.LogWarning("Could not record the failure of run {RunId}: {Error}", runId, e.Message);
        }
    }

    private async Task RenewLeaseAsync(Guid task, CancellationToken done)
    {
        var every = _options.Lease / 3;
        while (!done.IsCancellationRequested)
        {
            await Task.Delay(every, done).ConfigureAwait(false);
            await Client.Rest.RpcAsync("extend_task_lease", new { p_task = task, p_lease_seconds = (int)_options.Lease.TotalSeconds }, Schema, done).ConfigureAwait(false);
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.HeartbeatInterval, stopping).ConfigureAwait(false);
                int busy;
                lock (_runningGate) busy = _running.Count(t => !t.IsCompleted);
                await Client.Rest.RpcAsync("heartbeat", new { p_status = busy > 0 ? "busy" : "idle", p_activity = busy > 0 ? $"{busy} task(s)" : null }, Schema, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is AgentHubUnavailableException or AgentHubApiException)
            {
                _logger.LogWarning("Heartbeat failed: {Error}", e.Message);
            }
        }
    }

    private async Task CatchUpMessagesAsync(CancellationToken cancellationToken)
    {
        if (_options.MessageHandler is null) return;
        try
        {
            while (true)
            {
                var batch = await Client.Rest.RpcAsync<AgentMessage[]>("inbox", new { p_since = Interlocked.Read(ref _lastMessageSeq), p_limit = 500 }, Schema, cancellationToken).ConfigureAwait(false) ?? [];
                await DeliverAsync(batch).ConfigureAwait(false);
                if (batch.Length < 500) break;
            }

            Volatile.Write(ref _caughtUp, true);
        }
        catch (Exception e) when (e is AgentHubUnavailableException or AgentHubApiException)
        {
            _logger.LogWarning("Catching up on messages failed: {Error}", e.Message);
        }
    }

    private readonly SemaphoreSlim _delivery = new(1, 1);

    // Handled messages whose receipt the hub has not stored yet: an ack that fails because the hub is
    // unreachable is sent again with the next delivery or catch-up, so no receipt is lost. Only
    // touched under _delivery.
    private readonly Queue<Guid> _unacked = new();

    private async Task FlushAcksAsync()
    {
        while (_unacked.TryPeek(out var id))
        {
            try
            {
                await Client.Rest.RpcAsync("ack_message", new { p_message = id }, Schema, CancellationToken.None).ConfigureAwait(false);
            }
            catch (AgentHubUnavailableException e)
            {
                _logger.LogWarning("Acknowledging message {MessageId} failed, will retry: {Error}", id, e.Message);
                return;
            }
            catch (AgentHubApiException e)
            {
                _logger.LogWarning("The hub refused the receipt of message {MessageId}: {Error}", id, e.Message);
            }

            _unacked.TryDequeue(out _);
        }
    }

    /// <summary>Delivers messages once each, in sequence order, skipping what was already seen.</summary>
    private async Task DeliverAsync(IReadOnlyList<AgentMessage> messages)
    {
        if (_options.MessageHandler is null) return;
        await _delivery.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var message in messages.OrderBy(m => m.Seq))
            {
                if (message.Seq <= Interlocked.Read(ref _lastMessageSeq)) continue;
                if (message.SenderAgentId == Identity.AgentId) { Interlocked.Exchange(ref _lastMessageSeq, message.Seq); continue; }
                await _options.MessageHandler(message, _stopping.Token).ConfigureAwait(false);
                Interlocked.Exchange(ref _lastMessageSeq, message.Seq);
                _unacked.Enqueue(message.Id);
            }

            await FlushAcksAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is AgentHubUnavailableException or AgentHubApiException)
        {
            _logger.LogWarning("Delivering messages failed: {Error}", e.Message);
        }
        finally
        {
            _delivery.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
