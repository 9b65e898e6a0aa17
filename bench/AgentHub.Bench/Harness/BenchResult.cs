namespace AgentHub.Bench.Harness;

/// <summary>One row of a benchmark table.</summary>
/// <param name="Suite">queue, rest, realtime.</param>
/// <param name="Scenario">What was measured.</param>
/// <param name="Subject">Whose implementation (agenthub, graphile-worker, pg-boss, npgsql-direct, ...).</param>
/// <param name="Concurrency">Workers or connections.</param>
/// <param name="Operations">Operations completed.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="P50Ms">Median latency, when measured.</param>
/// <param name="P95Ms">95th percentile.</param>
/// <param name="P99Ms">99th percentile.</param>
/// <param name="Error">Why the row has no figures, if it failed.</param>
/// <param name="Note">Context for the row: ratio to a ceiling, CPU split.</param>
internal sealed record BenchResult(string Suite, string Scenario, string Subject, int Concurrency, long Operations, double Seconds,
                                   double? P50Ms = null, double? P95Ms = null, double? P99Ms = null, string? Error = null, string? Note = null)
{
    public double PerSecond => Seconds > 0 ? Operations / Seconds : 0;
}
