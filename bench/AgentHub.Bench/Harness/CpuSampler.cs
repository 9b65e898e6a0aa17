using System.Globalization;

namespace AgentHub.Bench.Harness;

/// <summary>
/// CPU time, from /proc, of this process (hub and load generator share it when the hub runs
/// in-process) and of the benchmark's own PostgreSQL (its postmaster and children), over an
/// interval. On a shared machine it shows which side the cores went to; zeros where /proc is missing.
/// </summary>
internal sealed class CpuSampler
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly int _postmaster;
    private (double Self, Dictionary<int, double> Postgres, DateTime At) _start;

    public CpuSampler(int postmasterPid)
    {
        _postmaster = postmasterPid;
        _start = Sample();
    }

    public void Restart() => _start = Sample();

    /// <summary>Cores used on average since the last restart: this process, PostgreSQL, and the whole machine's capacity.</summary>
    public (double SelfCores, double PostgresCores) Stop()
    {
        var end = Sample();
        var wall = (end.At - _start.At).TotalSeconds;
        // Per process: a backend or autovacuum worker that exited in between takes its time with it,
        // so only processes seen at the end count (from their start value, or from zero if new).
        var postgres = end.Postgres.Sum(p => p.Value - _start.Postgres.GetValueOrDefault(p.Key));
        return wall <= 0 ? (0, 0) : ((end.Self - _start.Self) / wall, postgres / wall);
    }

    private (double Self, Dictionary<int, double> Postgres, DateTime At) Sample()
    {
        var self = ProcessSeconds(Environment.ProcessId);
        var postgres = new Dictionary<int, double>();
        if (_postmaster > 0 && Directory.Exists("/proc"))
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                var stat = ReadStat(pid);
                if (stat is null) continue;
                if (pid == _postmaster || stat.Value.Parent == _postmaster) postgres[pid] = stat.Value.Seconds;
            }
        }
        return (self, postgres, DateTime.UtcNow);
    }

    private static double ProcessSeconds(int pid) => ReadStat(pid)?.Seconds ?? 0;

    /// <summary>Parent pid and user+system seconds from /proc/pid/stat (fields 4, 14, 15; the name in field 2 may hold spaces).</summary>
    private static (int Parent, double Seconds)? ReadStat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            var ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            return (parent, ticks / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
