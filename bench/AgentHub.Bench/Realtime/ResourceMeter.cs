using System.Globalization;

namespace AgentHub.Bench.Realtime;

/// <summary>CPU seconds used so far by the hub, PostgreSQL, the load generator and the whole machine.</summary>
internal sealed record CpuSample(double Hub, double HubKernel, double Postgres, double LoadGenerator, double LoadGeneratorKernel, double MachineBusy, double MachineTotal, DateTimeOffset At)
{
    public static CpuUse operator -(CpuSample end, CpuSample start)
    {
        var wall = (end.At - start.At).TotalSeconds;
        var hub = end.Hub - start.Hub;
        var pg = end.Postgres - start.Postgres;
        var load = end.LoadGenerator - start.LoadGenerator;
        var busy = end.MachineBusy - start.MachineBusy;
        var total = end.MachineTotal - start.MachineTotal;
        return new CpuUse(wall, hub, pg, load, Math.Max(0, busy - hub - pg - load), total - busy)
        {
            HubKernel = end.HubKernel - start.HubKernel,
            LoadGeneratorKernel = end.LoadGeneratorKernel - start.LoadGeneratorKernel,
        };
    }
}

/// <summary>
/// CPU seconds spent during a window, from /proc: the hub process, PostgreSQL (the postmaster, its
/// live children, and children that exited meanwhile), this load generator, everything else on the
/// machine (other users of a shared box show up here), and idle.
/// </summary>
internal sealed record CpuUse(double WallSeconds, double Hub, double Postgres, double LoadGenerator, double Other, double Idle)
{
    /// <summary>Of <see cref="Hub"/>, the seconds spent in the kernel (system calls: sockets, epoll, futexes).</summary>
    public double HubKernel { get; init; }

    /// <summary>Of <see cref="LoadGenerator"/>, the seconds spent in the kernel.</summary>
    public double LoadGeneratorKernel { get; init; }

    /// <summary>Cores' worth: CPU seconds per wall second.</summary>
    public double Cores(double cpuSeconds) => WallSeconds > 0 ? cpuSeconds / WallSeconds : 0;

    public override string ToString() =>
        $"hub {Cores(Hub):0.00}, postgres {Cores(Postgres):0.00}, load gen {Cores(LoadGenerator):0.00}, other {Cores(Other):0.00}, idle {Cores(Idle):0.00} cores";
}

/// <summary>Reads /proc/&lt;pid&gt;/stat and /proc/stat. Linux only; elsewhere every figure is zero.</summary>
internal sealed class ResourceMeter(int hubPid, int postmasterPid)
{
    // USER_HZ: 100 on every Linux the project runs on (sysconf(_SC_CLK_TCK)).
    private const double TicksPerSecond = 100.0;

    public CpuSample Sample()
    {
        var hub = ProcessSeconds(hubPid, withChildren: false);
        var pg = ProcessSeconds(postmasterPid, withChildren: true) + ChildrenSeconds(postmasterPid);
        var self = ProcessSeconds(Environment.ProcessId, withChildren: false);
        var (busy, total) = Machine();
        return new CpuSample(hub, KernelSeconds(hubPid), pg, self, KernelSeconds(Environment.ProcessId), busy, total, DateTimeOffset.UtcNow);
    }

    /// <summary>utime + stime (+ cutime + cstime: children that exited and were reaped).</summary>
    private static double ProcessSeconds(int pid, bool withChildren)
    {
        var fields = StatFields(pid);
        if (fields is null) return 0;
        // Fields after "(comm)": index 0 is state (field 3). utime is field 14 → index 11.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        if (withChildren) ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return ticks / TicksPerSecond;
    }

    private static double KernelSeconds(int pid) =>
        StatFields(pid) is { } fields ? long.Parse(fields[12], CultureInfo.InvariantCulture) / TicksPerSecond : 0;

    private static double ChildrenSeconds(int parent)
    {
        if (parent <= 0 || !Directory.Exists("/proc")) return 0;
        double total = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            var fields = StatFields(pid);
            // Index 1 is ppid (field 4).
            if (fields is not null && fields[1] == parent.ToString(CultureInfo.InvariantCulture))
            {
                total += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
        }
        return total;
    }

    private static string[]? StatFields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var close = text.LastIndexOf(')');
            return text[(close + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static (double Busy, double Total) Machine()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
            var total = values.Take(8).Sum();
            var idle = values[3] + values[4];
            return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return (0, 0);
        }
    }
}
