using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentHub.Postgres.Embedded;

/// <summary>
/// A PostgreSQL cluster that lives in the hub's data folder and runs while the hub runs.
/// </summary>
/// <remarks>
/// Lifecycle: <see cref="StartAsync"/> creates the cluster on first use (initdb), recovers from a
/// previous crash (a leftover postmaster of this cluster is stopped, a stale pid file removed), writes
/// the hub's server settings (<c>agenthub.conf</c>: loopback only, <c>wal_level=logical</c>, enough
/// replication slots and senders) and starts the server with <c>pg_ctl</c>, which detaches it into
/// its own session so a terminal's Ctrl-C reaches only the hub; the hub then stops it with
/// <see cref="StopAsync"/>. If the hub is killed with SIGKILL the server keeps running, and the next
/// start finds and restarts it; PostgreSQL's own crash recovery keeps committed data.
/// Nothing here ever deletes a data folder.
/// </remarks>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    /// <summary>The superuser the cluster is created with.</summary>
    public const string Superuser = "postgres";

    private readonly EmbeddedClusterOptions _options;
    private readonly ILogger _logger;
    private ClusterLayout? _layout;
    private ClusterOsUser? _user;
    private PgBinaries? _binaries;
    private bool _running;

    /// <summary>Creates a handle; nothing happens until <see cref="StartAsync"/>.</summary>
    public EmbeddedCluster(EmbeddedClusterOptions options, ILogger? logger = null)
    {
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The superuser endpoint of the running cluster (database <c>postgres</c>).</summary>
    public DatabaseEndpoint Endpoint { get; private set; } = null!;

    /// <summary>The PGDATA folder.</summary>
    public string PgData => _layout?.PgData ?? throw new InvalidOperationException("The cluster has not been started.");

    /// <summary>True when this start ran initdb.</summary>
    public bool CreatedNow { get; private set; }

    /// <summary>The PostgreSQL major version of the binaries in use.</summary>
    public int MajorVersion => _binaries?.MajorVersion ?? 0;

    /// <summary>Creates the cluster if needed, recovers from a previous crash, and starts it.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _binaries = PgBinaries.Locate(_options.BinDirectory);
        Directory.CreateDirectory(_options.DataDirectory);
        _user = await ClusterOsUser.ResolveAsync(_options.OsUser, cancellationToken).ConfigureAwait(false);
        _layout = await ClusterLayout.ResolveAsync(_options.DataDirectory, _user, cancellationToken).ConfigureAwait(false);

        var password = await EnsureInitializedAsync(_layout, _binaries, _user, cancellationToken).ConfigureAwait(false);
        await StopLeftoverAsync(_layout, _binaries, _user, cancellationToken).ConfigureAwait(false);
        EnsurePortFree(_options.Port);
        await WriteSettingsAsync(_layout, _user, cancellationToken).ConfigureAwait(false);
        await StartServerAsync(_layout, _binaries, _user, cancellationToken).ConfigureAwait(false);

        _running = true;
        Endpoint = new DatabaseEndpoint("127.0.0.1", _options.Port, "postgres", Superuser, password);
        _logger.LogInformation("Embedded PostgreSQL {Version} running on 127.0.0.1:{Port} (data: {PgData})", _binaries.MajorVersion, _options.Port, _layout.PgData);
    }

    /// <summary>Stops the server (fast shutdown: running transactions are rolled back, committed data is kept).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!_running || _layout is null || _binaries is null || _user is null) return;
        _running = false;
        var stopped = await PgCtlStopAsync(_layout, _binaries, _user, "fast", cancellationToken).ConfigureAwait(false);
        if (!stopped.Succeeded)
        {
            _logger.LogWarning("pg_ctl stop -m fast failed ({Error}); stopping immediately", stopped.LastLine);
            await PgCtlStopAsync(_layout, _binaries, _user, "immediate", cancellationToken).ConfigureAwait(false);
        }
        _logger.LogInformation("Embedded PostgreSQL stopped");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task<string> EnsureInitializedAsync(ClusterLayout layout, PgBinaries binaries, ClusterOsUser user, CancellationToken cancellationToken)
    {
        if (layout.IsInitialized)
        {
            CheckVersion(layout, binaries);
            if (!File.Exists(layout.PasswordFile))
            {
                throw new EmbeddedClusterException(
                    $"'{layout.PgData}' holds a cluster but '{layout.PasswordFile}' is missing; restore that file or use another --data-dir.");
            }
            return (await File.ReadAllTextAsync(layout.PasswordFile, cancellationToken).ConfigureAwait(false)).Trim();
        }

        if (Directory.Exists(layout.PgData) && Directory.EnumerateFileSystemEntries(layout.PgData).Any())
        {
            throw new EmbeddedClusterException(
                $"'{layout.PgData}' is not empty and is not a PostgreSQL cluster; move its contents away or use another --data-dir.");
        }

        _logger.LogInformation("Creating a PostgreSQL {Version} cluster in {PgData}", binaries.MajorVersion, layout.PgData);
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        Directory.CreateDirectory(layout.PgData);
        await user.GiveAsync(layout.PgData, cancellationToken).ConfigureAwait(false);

        // initdb reads the superuser password from a file the cluster's user can read; it lives only
        // for the duration of initdb.
        var passwordFile = Path.Combine(Path.GetTempPath(), $"agenthub-initdb-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken).ConfigureAwait(false);
        try
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            await user.GiveAsync(passwordFile, cancellationToken).ConfigureAwait(false);
            var result = await OsProcess.RunAsync(binaries.Path("initdb"),
                ["-D", layout.PgData, "-U", Superuser, "--pwfile", passwordFile, "--auth", "scram-sha-256",
                 "--encoding", "UTF8", "--no-locale", "--no-instructions"],
                user.Name, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded) throw new EmbeddedClusterException($"initdb failed in '{layout.PgData}': {result.LastLine}");
        }
        finally
        {
            File.Delete(passwordFile);
        }

        await File.AppendAllTextAsync(Path.Combine(layout.PgData, "postgresql.conf"),
            "\n# Settings the AgentHub hub manages; rewritten on every start.\ninclude_if_exists = 'agenthub.conf'\n", cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(layout.PasswordFile, password + "\n", cancellationToken).ConfigureAwait(false);
        File.SetUnixFileMode(layout.PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        CreatedNow = true;
        return password;
    }

    private static void CheckVersion(ClusterLayout layout, PgBinaries binaries)
    {
        var text = File.ReadAllText(layout.VersionFile).Trim();
        if (!int.TryParse(text, out var clusterVersion) || clusterVersion != binaries.MajorVersion)
        {
            throw new EmbeddedClusterException(
                $"The cluster in '{layout.PgData}' was made by PostgreSQL {text} but the binaries in '{binaries.BinDirectory}' are {binaries.MajorVersion}; set AGENTHUB_PG_BIN to PostgreSQL {text}'s bin folder, or upgrade the cluster with pg_upgrade.");
        }
    }

    private async Task StopLeftoverAsync(ClusterLayout layout, PgBinaries binaries, ClusterOsUser user, CancellationToken cancellationToken)
    {
        if (!File.Exists(layout.PidFile)) return;
        var firstLine = File.ReadLines(layout.PidFile).FirstOrDefault();
        if (int.TryParse(firstLine, out var pid) && OsProcess.IsAliveWithCommandLine(pid, layout.PgData))
        {
            _logger.LogWarning("A PostgreSQL server left over from an earlier run is still running (pid {Pid}); restarting it", pid);
            var stopped = await PgCtlStopAsync(layout, binaries, user, "fast", cancellationToken).ConfigureAwait(false);
            if (!stopped.Succeeded) await PgCtlStopAsync(layout, binaries, user, "immediate", cancellationToken).ConfigureAwait(false);
            return;
        }

        // The pid file names a process that is gone (the server was killed): PostgreSQL would
        // usually cope, but not when the pid has been reused by an unrelated process.
        _logger.LogWarning("Removing stale PostgreSQL pid file (pid {Pid} is not running)", firstLine);
        File.Delete(layout.PidFile);
    }

    private static void EnsurePortFree(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            probe.Stop();
        }
        catch (SocketException)
        {
            throw new EmbeddedClusterException(
                $"Port {port} on 127.0.0.1 is already in use, so the embedded PostgreSQL cannot listen there; choose another with --db-port (AGENTHUB_DB_PORT) or stop what uses it.");
        }
    }

    private async Task WriteSettingsAsync(ClusterLayout layout, ClusterOsUser user, CancellationToken cancellationToken)
    {
        var durable = _options.DurableWrites ? "on" : "off";
        var settings = $"""
            # Written by AgentHub on every start; edit postgresql.conf for your own settings.
            listen_addresses = '127.0.0.1'
            port = {_options.Port}
            unix_socket_directories = ''
            max_connections = 200
            wal_level = logical
            max_replication_slots = 20
            max_wal_senders = 20
            fsync = {durable}
            synchronous_commit = {durable}
            full_page_writes = {durable}
            timezone = 'UTC'
            log_timezone = 'UTC'
            """;
        await File.WriteAllTextAsync(layout.SettingsFile, settings + "\n", cancellationToken).ConfigureAwait(false);
        await user.GiveAsync(layout.SettingsFile, cancellationToken).ConfigureAwait(false);
    }

    private async Task StartServerAsync(ClusterLayout layout, PgBinaries binaries, ClusterOsUser user, CancellationToken cancellationToken)
    {
        string[] arguments = ["start", "-D", layout.PgData, "-l", layout.LogFile, "-w", "-t", _options.TimeoutSeconds.ToString(), "-s"];
        var result = await OsProcess.RunAsync(binaries.Path("pg_ctl"), arguments, user.Name, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded) return;

        // Right after a SIGKILL of the postmaster its children may still hold the shared memory
        // for a moment; they exit as soon as they notice, so one retry after a pause suffices.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        if (File.Exists(layout.PidFile)) await StopLeftoverAsync(layout, binaries, user, cancellationToken).ConfigureAwait(false);
        result = await OsProcess.RunAsync(binaries.Path("pg_ctl"), arguments, user.Name, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new EmbeddedClusterException($"PostgreSQL did not start: {LastLogLine(layout)} (full log: {layout.LogFile})");
        }
    }

    private Task<ProcessResult> PgCtlStopAsync(ClusterLayout layout, PgBinaries binaries, ClusterOsUser user, string mode, CancellationToken cancellationToken) =>
        OsProcess.RunAsync(binaries.Path("pg_ctl"), ["stop", "-D", layout.PgData, "-m", mode, "-w", "-t", _options.TimeoutSeconds.ToString(), "-s"], user.Name, cancellationToken);

    private static string LastLogLine(ClusterLayout layout)
    {
        try
        {
            return File.ReadLines(layout.LogFile).LastOrDefault(l => l.Contains("FATAL") || l.Contains("ERROR")) ?? File.ReadLines(layout.LogFile).LastOrDefault() ?? "no log output";
        }
        catch (IOException)
        {
            return "no log output";
        }
    }
}
