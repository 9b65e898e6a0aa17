using System.Diagnostics;

namespace AgentHub.Bench.Harness;

/// <summary>
/// Collects latency samples (microseconds) from many threads and reports percentiles. Keeping every
/// sample is fine at benchmark sizes (a million samples is 8 MB) and gives exact percentiles.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly List<double> _samples = [];
    private readonly Lock _gate = new();

    public void Record(long startTimestamp)
    {
        var micros = Stopwatch.GetElapsedTime(startTimestamp).TotalMicroseconds;
        lock (_gate) _samples.Add(micros);
    }

    public void RecordMicros(double micros)
    {
        lock (_gate) _samples.Add(micros);
    }

    public int Count
    {
        get { lock (_gate) return _samples.Count; }
    }

    /// <summary>p50, p95 and p99 in milliseconds.</summary>
    public (double P50, double P95, double P99) Percentiles()
    {
        double[] sorted;
        lock (_gate) sorted = [.. _samples];
        if (sorted.Length == 0) return (0, 0, 0);
        Array.Sort(sorted);
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)] / 1000.0;
        return (At(0.50), At(0.95), At(0.99));
    }
}
