using System.Buffers.Text;
using System.Diagnostics;

namespace AgentHub.Bench.Realtime;

/// <summary>
/// Latency samples at hundreds of thousands per second from every receive loop: per-thread
/// bucket arrays (no locks, no interlocked operations, no per-sample allocation), merged when read.
/// Buckets are 10 µs wide below 10 ms, 1 ms wide below 1 s, 100 ms wide below 60 s; percentiles
/// report the middle of their bucket.
/// </summary>
internal sealed class LatencyHistogram : IDisposable
{
    private const int FineBuckets = 1_000;      // 0–10 ms by 10 µs
    private const int MediumBuckets = 990;      // 10 ms–1 s by 1 ms
    private const int CoarseBuckets = 590;      // 1 s–60 s by 100 ms
    private const int Buckets = FineBuckets + MediumBuckets + CoarseBuckets + 1;

    private readonly ThreadLocal<long[]> _local = new(() => new long[Buckets], trackAllValues: true);

    /// <summary>Records the time from <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp, comparable across processes of this machine) to now.</summary>
    public void RecordSince(long startTimestamp, long now)
    {
        var micros = (now - startTimestamp) * 1_000_000 / Stopwatch.Frequency;
        _local.Value![Index(micros)]++;
    }

    public long Count
    {
        get
        {
            long total = 0;
            foreach (var local in _local.Values) foreach (var c in local) total += c;
            return total;
        }
    }

    /// <summary>p50, p95, p99 in milliseconds; zeros when empty.</summary>
    public (double P50, double P95, double P99) Percentiles()
    {
        var merged = new long[Buckets];
        foreach (var local in _local.Values)
        {
            for (var i = 0; i < Buckets; i++) merged[i] += local[i];
        }
        var total = merged.Sum();
        if (total == 0) return (0, 0, 0);
        double At(double p)
        {
            var rank = (long)Math.Ceiling(p * total);
            long seen = 0;
            for (var i = 0; i < Buckets; i++)
            {
                seen += merged[i];
                if (seen >= rank) return MiddleMillis(i);
            }
            return MiddleMillis(Buckets - 1);
        }
        return (At(0.50), At(0.95), At(0.99));
    }

    private static int Index(long micros)
    {
        if (micros < 0) micros = 0;
        if (micros < 10_000) return (int)(micros / 10);
        if (micros < 1_000_000) return FineBuckets + (int)((micros - 10_000) / 1_000);
        if (micros < 60_000_000) return FineBuckets + MediumBuckets + (int)((micros - 1_000_000) / 100_000);
        return Buckets - 1;
    }

    private static double MiddleMillis(int index)
    {
        if (index < FineBuckets) return (index * 10 + 5) / 1000.0;
        index -= FineBuckets;
        if (index < MediumBuckets) return 10 + index + 0.5;
        index -= MediumBuckets;
        if (index < CoarseBuckets) return 1000 + index * 100 + 50;
        return 60_000;
    }

    public void Dispose() => _local.Dispose();
}

/// <summary>Just enough Phoenix vsn 2.0.0 reading for a load generator: no JSON parsing of payloads.</summary>
internal static class Wire
{
    /// <summary>The event of a text frame <c>[join_ref, ref, topic, event, payload]</c>; empty if the frame is not shaped so.</summary>
    public static ReadOnlySpan<byte> Event(ReadOnlySpan<byte> frame, out int payloadStart)
    {
        payloadStart = -1;
        if (frame.Length < 2 || frame[0] != (byte)'[') return default;
        var i = 1;
        for (var element = 0; element < 3; element++)
        {
            i = SkipScalar(frame, i);
            if (i < 0 || i >= frame.Length || frame[i] != (byte)',') return default;
            i++;
        }
        if (i >= frame.Length || frame[i] != (byte)'"') return default;
        var end = frame[(i + 1)..].IndexOf((byte)'"');
        if (end < 0) return default;
        payloadStart = i + 1 + end + 2;
        return frame.Slice(i + 1, end);
    }

    /// <summary>The ref (second element) of a text frame, or empty when null.</summary>
    public static ReadOnlySpan<byte> Ref(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 2 || frame[0] != (byte)'[') return default;
        var i = SkipScalar(frame, 1);
        if (i < 0 || frame[i] != (byte)',' || frame[i + 1] != (byte)'"') return default;
        var end = frame[(i + 2)..].IndexOf((byte)'"');
        return end < 0 ? default : frame.Slice(i + 2, end);
    }

    /// <summary>The number right after <paramref name="key"/> (for example <c>"sent_ts":</c>), or -1.</summary>
    public static long NumberAfter(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key)
    {
        var at = text.IndexOf(key);
        if (at < 0) return -1;
        return Utf8Parser.TryParse(text[(at + key.Length)..], out long value, out _) ? value : -1;
    }

    /// <summary>
    /// The JSON payload of a binary kind-4 user broadcast (docs/realtime-protocol.md 2.3):
    /// kind, topic length, event length, metadata length, encoding, then those strings, then the payload.
    /// </summary>
    public static ReadOnlySpan<byte> UserBroadcastPayload(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 5 || frame[0] != 4) return default;
        var start = 5 + frame[1] + frame[2] + frame[3];
        return start <= frame.Length ? frame[start..] : default;
    }

    private static int SkipScalar(ReadOnlySpan<byte> frame, int i)
    {
        if (i >= frame.Length) return -1;
        if (frame[i] == (byte)'"')
        {
            var end = frame[(i + 1)..].IndexOf((byte)'"');
            return end < 0 ? -1 : i + 1 + end + 1;
        }
        var comma = frame[i..].IndexOf((byte)',');
        return comma < 0 ? -1 : i + comma;
    }
}
