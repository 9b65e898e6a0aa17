using System.Diagnostics;

namespace AgentHub.Bench.Harness;

/// <summary>
/// A closed loop per connection: each of <c>concurrency</c> workers issues one operation, waits for
/// it, and issues the next. A warm-up phase (connections opened, statements prepared, JIT done) runs
/// first and is not recorded; then the measured phase runs for a fixed duration.
/// </summary>
internal static class ClosedLoop
{
    /// <param name="operation">One request; gets the worker index and a per-worker random source; returns false when the answer was wrong.</param>
    /// <param name="measuring">Called between warm-up and measurement (e.g. to start a CPU window).</param>
    public static async Task<(long Operations, long Errors, double Seconds, LatencyRecorder Latency)> RunAsync(
        int concurrency, TimeSpan warmup, TimeSpan duration, Func<int, Random, Task<bool>> operation, Action? measuring = null)
    {
        await PhaseAsync(concurrency, warmup, operation, null).ConfigureAwait(false);
        measuring?.Invoke();
        var latency = new LatencyRecorder();
        var (ops, errors, seconds) = await PhaseAsync(concurrency, duration, operation, latency).ConfigureAwait(false);
        return (ops, errors, seconds, latency);
    }

    private static async Task<(long Ops, long Errors, double Seconds)> PhaseAsync(int concurrency, TimeSpan length, Func<int, Random, Task<bool>> operation, LatencyRecorder? latency)
    {
        var ops = 0L;
        var errors = 0L;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(length.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker * 7919 + 1);
            while (Stopwatch.GetTimestamp() < end)
            {
                var t0 = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await operation(worker, random).ConfigureAwait(false);
                }
                catch (Exception) when (latency is not null)
                {
                    ok = false;
                }
                latency?.Record(t0);
                Interlocked.Increment(ref ops);
                if (!ok) Interlocked.Increment(ref errors);
            }
        })).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        return (ops, errors, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
