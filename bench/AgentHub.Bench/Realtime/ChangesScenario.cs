using System.Diagnostics;
using System.Net.WebSockets;
using AgentHub.Bench.Harness;
using Npgsql;
using NpgsqlTypes;
using Spectre.Console;

namespace AgentHub.Bench.Realtime;

/// <summary>
/// postgres_changes from commit to client: S subscribers (one socket each, each its own user and
/// token) subscribe to INSERTs of one table; writers insert rows in transactions of B rows at an
/// offered rate (or as fast as they can), each row carrying the load generator's clock just before
/// its INSERT was sent (<c>sent_ts</c>). Subscribers record the time from there to receipt, which
/// covers the INSERT and COMMIT round trip, WAL decoding, authorization, payload writing and fan-out.
/// </summary>
/// <remarks>
/// Tables (see <see cref="RealtimeBench.MigrationSql"/>): <c>bench_norls</c> has no row-level
/// security; <c>bench_rls</c> has RLS with a membership policy (<c>exists (select 1 from
/// bench_members where room = bench_rls.room and user_id = (select auth.uid()))</c>). Every subscriber is a
/// member of room 1 and every row goes to room 1 unless <c>--rooms</c> spreads them, so by default
/// every row is visible to every subscriber and each of the S distinct identities needs its own
/// check: the most authorization work per change.
/// </remarks>
internal sealed class ChangesScenario : IFrameSink
{
    private readonly LatencyHistogram _latency = new();
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;
    private long _received;

    public static async Task<ScenarioOutcome> RunAsync(RealtimeContext context, bool rls, int subscribers, double rate)
    {
        var s = context.Settings;
        var table = rls ? "bench_rls" : "bench_norls";
        var name = rls ? "changes-rls" : "changes-norls";
        var label = rate > 0 ? $"{name} {rate:N0}/s x{subscribers}" : $"{name} closed loop x{subscribers}";
        var rooms = rls ? Math.Max(1, s.Rooms) : 1;
        var scenario = new ChangesScenario();
        AnsiConsole.MarkupLineInterpolated($"[grey]{label}: {subscribers} subscribers, transactions of {s.BatchRows} rows, {(rls ? $"RLS membership policy, {rooms} room(s)" : "no RLS")}[/]");

        var users = Enumerable.Range(0, subscribers).Select(i => new Guid(i + 1, 0xbe, 0x0c, [0, 0, 0, 0, 0, 0, 0, 1]).ToString()).ToArray();
        await using (var setup = new NpgsqlConnection(context.Database))
        {
            await setup.OpenAsync();
            await using (var truncate = new NpgsqlCommand("truncate public.bench_members, public.bench_norls, public.bench_rls restart identity", setup))
            {
                await truncate.ExecuteNonQueryAsync();
            }
            await using var command = new NpgsqlCommand("""
                insert into public.bench_members (room, user_id) select (n % $2) + 1, u::uuid from unnest($1::text[]) with ordinality as x(u, n)
                """, setup);
            command.Parameters.Add(new NpgsqlParameter { Value = users, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = rooms });
            await command.ExecuteNonQueryAsync();
        }

        var sockets = await ScenarioKit.ConnectAsync(context.Hub.WebSocketUrl, subscribers, scenario);
        using var stop = new CancellationTokenSource();
        try
        {
            await ScenarioKit.JoinAllAsync(sockets, socket => ScenarioKit.JoinFrame($"realtime:bench-{table}", accessToken: context.MintUserToken(users[socket.Index]), postgresTable: table));
            await Task.WhenAll(sockets.Select(x => x.Subscribed.Task)).WaitAsync(TimeSpan.FromSeconds(60));
            var heartbeats = ScenarioKit.HeartbeatAsync(sockets, stop.Token);

            var started = ScenarioKit.Now;
            var writers = Enumerable.Range(0, s.Writers).Select(w => WriteAsync(context.Database, table, rooms, s.BatchRows, rate / s.Writers, started, stop.Token)).ToArray();
            await Task.Delay(TimeSpan.FromSeconds(s.WarmupSeconds));
            var measurement = await Measurement.StartAsync(context);
            var duration = TimeSpan.FromSeconds(s.DurationSeconds);
            var lagBefore = (await context.Hub.StatsAsync()).ReplicationLagBytes;
            Volatile.Write(ref scenario._windowEnd, ScenarioKit.After(duration));
            Volatile.Write(ref scenario._windowStart, ScenarioKit.Now);
            var insertedBefore = await CountAsync(context.Database, table);
            await Task.Delay(duration);
            var insertedAfter = await CountAsync(context.Database, table);
            var (cpu, hub, load) = await measurement.StopAsync();
            await stop.CancelAsync();
            var written = (await Task.WhenAll(writers)).Sum();
            await heartbeats;
            var total = await CountAsync(context.Database, table);
            var visiblePerRow = subscribers / rooms;
            var expected = total * visiblePerRow;
            var drained = await WaitAsync(() => Interlocked.Read(ref scenario._received) >= expected, TimeSpan.FromSeconds(30));

            var deliveries = sockets.Sum(x => x.Count);
            var seconds = ScenarioKit.Seconds(scenario._windowStart, scenario._windowEnd);
            var (p50, p95, p99) = scenario._latency.Percentiles();
            var failures = ScenarioKit.Failures(sockets);
            var committedPerSecond = (insertedAfter - insertedBefore) / seconds;
            var notes = $"{deliveries / seconds / visiblePerRow:N0} changes/s delivered to each of {visiblePerRow} subscribers per row " +
                        $"(writers committed {committedPerSecond:N0} rows/s in the window, {written:N0} rows in all); " +
                        $"{(drained ? "every change delivered" : $"{expected - Interlocked.Read(ref scenario._received):N0} of {expected:N0} deliveries missing after 30 s")}; " +
                        $"slot lag at window start {lagBefore:N0} B; latency from just before the INSERT to receipt" +
                        (failures.Length > 0 ? "; " + failures : "");
            var samples = scenario._latency.Count;
            notes += $"; {samples:N0} latency samples";
            var error = failures.Length > 0 && deliveries == 0 ? failures
                : samples == 0 ? "no change committed in the window was delivered (overloaded)" : null;
            var result = samples == 0
                ? new BenchResult("realtime", label, "agenthub", subscribers, deliveries, seconds, Error: error)
                : new BenchResult("realtime", label, "agenthub", subscribers, deliveries, seconds, p50, p95, p99, error);
            return new ScenarioOutcome(result, cpu, hub, load, notes);
        }
        finally
        {
            await stop.CancelAsync();
            await ScenarioKit.CloseAllAsync(sockets);
            scenario._latency.Dispose();
        }
    }

    public void OnFrame(LoadSocket socket, WebSocketMessageType type, ReadOnlySpan<byte> frame)
    {
        var @event = Wire.Event(frame, out var payloadStart);
        if (@event.SequenceEqual("postgres_changes"u8))
        {
            var now = Stopwatch.GetTimestamp();
            var sentAt = Wire.NumberAfter(frame[payloadStart..], "\"sent_ts\":"u8);
            if (now >= _windowStart && now < _windowEnd) socket.Count++;
            if (sentAt >= _windowStart && sentAt < _windowEnd) _latency.RecordSince(sentAt, now);
            Interlocked.Increment(ref _received);
            return;
        }
        ScenarioKit.HandleControl(socket, frame, @event);
    }

    /// <summary>One writer: transactions of <paramref name="rows"/> rows at <paramref name="rate"/> rows/s (0 = as fast as it can). Returns the rows written.</summary>
    private static async Task<long> WriteAsync(string database, string table, int rooms, int rows, double rate, long started, CancellationToken stop)
    {
        // The bench cluster runs with synchronous_commit off (fsync off, for speed); then WAL reaches the
        // disk, and so logical decoding, only on the WAL writer's 200 ms cycle, which would measure that
        // cycle rather than the hub. The writers commit synchronously, as PostgreSQL does by default
        // (fsync stays off, so a commit costs no disk flush).
        var connectionString = new NpgsqlConnectionStringBuilder(database) { Options = "-c synchronous_commit=on" }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        // One statement = one transaction of `rows` rows, all stamped with the time just before it is sent.
        await using var insert = new NpgsqlCommand(
            $"insert into public.{table} (room, sent_ts, body) select (g % $3) + 1, $1, $2 from generate_series(1, $4) g", connection);
        var stamp = new NpgsqlParameter<long> { TypedValue = 0 };
        insert.Parameters.Add(stamp);
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "a message body of about sixty characters, like a short chat line" });
        insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = rooms });
        insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = rows });
        await insert.PrepareAsync(CancellationToken.None);
        long written = 0;
        while (!stop.IsCancellationRequested)
        {
            if (rate > 0)
            {
                var due = ScenarioKit.Seconds(started, ScenarioKit.Now) * rate;
                if (written + rows > due)
                {
                    var wait = (written + rows - due) / rate;
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(Math.Max(wait, 0.001)), stop);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                    continue;
                }
            }
            stamp.TypedValue = Stopwatch.GetTimestamp();
            await insert.ExecuteNonQueryAsync(CancellationToken.None);
            written += rows;
        }
        return written;
    }

    private static async Task<long> CountAsync(string database, string table)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        // Identity values are handed out in order and never rolled back here, so the last one counts the rows.
        await using var command = new NpgsqlCommand($"select coalesce(max(id), 0) from public.{table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (condition()) return true;
            await Task.Delay(50);
        }
        return condition();
    }
}
