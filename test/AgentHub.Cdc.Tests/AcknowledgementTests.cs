using AgentHub.Testing;

namespace AgentHub.Cdc.Tests;

/// <summary>
/// The LSN is confirmed only after the consumer returned: a worker that dies mid-delivery gets the
/// unfinished transaction again after a restart, and never one it had finished.
/// </summary>
public sealed class AcknowledgementTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_transaction_whose_consumption_did_not_finish_is_delivered_again_after_a_restart_and_nothing_finished_is()
    {
        await using var scope = await ReplicationScope.CreateAsync(postgres);
        await scope.ExecuteAsync("create table jobs (id int primary key, what text)");
        var first = new RecordingConsumer();
        var worker = await scope.StartWorkerAsync(first);

        await scope.ExecuteAsync("insert into jobs values (1, 'one')");
        await first.WaitForEventsAsync(1);
        await WaitForConfirmedAsync(scope, worker);

        // The consumer is mid-delivery of the second transaction when the hub goes away.
        first.Block();
        var beforeSecond = await scope.ScalarAsync<string>("select pg_current_wal_lsn()::text");
        await scope.ExecuteAsync("insert into jobs values (2, 'two'), (3, 'three')");
        await ReplicationScope.WaitForAsync(() => first.Calls >= 2, "the second delivery to start");
        await ReplicationScope.StopAsync(worker);
        Assert.Single(first.Events);
        // The slot was never confirmed past the second transaction (the first one, and idle WAL, may be).
        Assert.True(await scope.ScalarAsync<bool>("select confirmed_flush_lsn <= $1::pg_lsn from pg_replication_slots where slot_name = $2", beforeSecond!, scope.SlotName));

        // A new hub on the same slot: the unfinished transaction comes again, the finished one does not.
        await scope.ExecuteAsync("insert into jobs values (4, 'four')");
        var second = new RecordingConsumer();
        await scope.StartWorkerAsync(second);
        var events = await second.WaitForEventsAsync(3);
        await Task.Delay(300);
        Assert.Equal(["two", "three", "four"], second.Events.Select(e => e.Record!["what"].Text));
    }

    [Fact]
    public async Task The_slot_is_confirmed_at_the_transaction_end_as_soon_as_the_consumer_returns()
    {
        await using var scope = await ReplicationScope.CreateAsync(postgres);
        await scope.ExecuteAsync("create table t (id int primary key)");
        var consumer = new RecordingConsumer();
        // A long status interval: what moves the slot here is the acknowledgement, not the idle advance.
        var worker = await scope.StartWorkerAsync(consumer, scope.Options(o => o.StatusInterval = TimeSpan.FromMinutes(5)));
        var before = await ConfirmedFlushAsync(scope);

        consumer.Block();
        await scope.ExecuteAsync("insert into t values (1)");
        await ReplicationScope.WaitForAsync(() => consumer.Calls >= 1, "delivery");
        await Task.Delay(500);
        Assert.Equal(before, await ConfirmedFlushAsync(scope));

        consumer.Release();
        await consumer.WaitForEventsAsync(1);
        await ReplicationScope.WaitForAsync(() => ConfirmedFlushAsync(scope).Result != before, "the slot to move");
        Assert.Equal(worker.Status.ConfirmedLsn, await ConfirmedFlushAsync(scope));
        Assert.NotNull(worker.Status.LastCommitTimestamp);
    }

    [Fact]
    public async Task A_consumer_that_throws_gets_the_batch_again_after_a_backoff()
    {
        await using var scope = await ReplicationScope.CreateAsync(postgres);
        await scope.ExecuteAsync("create table t (id int primary key)");
        var consumer = new RecordingConsumer();
        var failures = 0;
        consumer.Fail = _ => Interlocked.Increment(ref failures) <= 2 ? new InvalidOperationException("fan-out unavailable") : null;
        var worker = await scope.StartWorkerAsync(consumer);
        await scope.ExecuteAsync("insert into t values (1); insert into t values (2);");

        var events = await consumer.WaitForEventsAsync(2);
        Assert.Equal(["1", "2"], events.Select(e => e.Record!["id"].Text));
        Assert.True(failures >= 3);
        await ReplicationScope.WaitForAsync(() => worker.Status.State == ReplicationState.Streaming, "recovery", worker);
        Assert.Equal(0, worker.Status.ConsecutiveFailures);
    }

    [Fact]
    public async Task Only_the_node_holding_the_lock_consumes_and_a_standby_takes_over_when_it_stops()
    {
        await using var scope = await ReplicationScope.CreateAsync(postgres);
        await scope.ExecuteAsync("create table t (id int primary key)");
        var leaderConsumer = new RecordingConsumer();
        var leader = await scope.StartWorkerAsync(leaderConsumer);
        var standbyConsumer = new RecordingConsumer();
        var standby = await scope.StartWorkerAsync(standbyConsumer, waitForStreaming: false);
        await ReplicationScope.WaitForAsync(() => standby.Status.State == ReplicationState.Standby, "the second node to stand by", standby);
        Assert.True(leader.Status.IsLeader);
        Assert.False(standby.Status.IsLeader);

        await scope.ExecuteAsync("insert into t values (1)");
        await leaderConsumer.WaitForEventsAsync(1);
        await ReplicationScope.StopAsync(leader);

        await ReplicationScope.WaitForAsync(() => standby.Status.State == ReplicationState.Streaming, "the standby to take over", standby);
        await scope.ExecuteAsync("insert into t values (2)");
        var events = await standbyConsumer.WaitForEventsAsync(1);
        Assert.Equal(["2"], events.Select(e => e.Record!["id"].Text));
        Assert.Single(leaderConsumer.Events);
    }

    [Fact]
    public async Task Status_reports_slot_lag_and_an_idle_slot_is_advanced_past_unpublished_writes()
    {
        await using var scope = await ReplicationScope.CreateAsync(postgres);
        await scope.ExecuteAsync($"create table published (id int primary key); create table other (id int primary key, pad text); drop publication {scope.PublicationName}; create publication {scope.PublicationName} for table published;");
        var consumer = new RecordingConsumer();
        var worker = await scope.StartWorkerAsync(consumer);
        await ReplicationScope.WaitForAsync(() => worker.Status.LagBytes is not null, "a lag measurement", worker);

        var before = await ConfirmedFlushAsync(scope);
        await scope.ExecuteAsync("insert into other select g, repeat('x', 100) from generate_series(1, 2000) g");
        // Nothing to deliver, but keepalives report the server's position and the worker confirms it.
        await ReplicationScope.WaitForAsync(() => ConfirmedFlushAsync(scope).Result != before, "the idle slot to advance", worker);
        Assert.Empty(consumer.Events);
        Assert.Equal(ReplicationState.Streaming, worker.Status.State);
        Assert.True(worker.Status.IsHealthy);
    }

    [Fact]
    public async Task A_missing_publication_is_reported_and_retried_until_it_exists()
    {
        await using var scope = await ReplicationScope.CreateAsync(postgres);
        await scope.ExecuteAsync($"drop publication {scope.PublicationName}; create table t (id int primary key)");
        var consumer = new RecordingConsumer();
        var worker = await scope.StartWorkerAsync(consumer, waitForStreaming: false);
        await ReplicationScope.WaitForAsync(() => worker.Status.LastError?.Contains(scope.PublicationName) == true, "the setup error", worker);
        Assert.Equal(ReplicationState.Recovering, worker.Status.State);
        Assert.False(worker.Status.IsHealthy);

        await scope.ExecuteAsync($"create publication {scope.PublicationName} for all tables");
        await ReplicationScope.WaitForAsync(() => worker.Status.State == ReplicationState.Streaming, "recovery", worker, seconds: 60);
        await scope.ExecuteAsync("insert into t values (1)");
        await consumer.WaitForEventsAsync(1);
        Assert.Null(worker.Status.LastError);
    }

    internal static Task<string?> ConfirmedFlushAsync(ReplicationScope scope) =>
        scope.ScalarAsync<string>("select confirmed_flush_lsn::text from pg_replication_slots where slot_name = $1", scope.SlotName);

    private static Task WaitForConfirmedAsync(ReplicationScope scope, ReplicationWorker worker) =>
        ReplicationScope.WaitForAsync(() => worker.Status.ConfirmedLsn is not null && ConfirmedFlushAsync(scope).Result == worker.Status.ConfirmedLsn, "the confirmation to reach the server", worker);
}
