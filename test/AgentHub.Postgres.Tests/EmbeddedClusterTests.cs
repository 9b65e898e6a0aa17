using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AgentHub.Postgres.Embedded;
using AgentHub.Testing;

namespace AgentHub.Postgres.Tests;

/// <summary>
/// Each test runs its own durable cluster in its own folder: these are the lifecycle paths of
/// <c>serve</c> (first start, restart, crash recovery, refusals).
/// </summary>
public sealed class EmbeddedClusterTests : IDisposable
{
    private readonly TempFolder _folder = new("lifecycle");

    private EmbeddedCluster NewCluster(int? port = null, string? binDirectory = null) =>
        new(new EmbeddedClusterOptions { DataDirectory = _folder.Path, Port = port ?? FreePort.Next(), BinDirectory = binDirectory });

    [Fact]
    public async Task First_start_creates_the_cluster_and_a_restart_reuses_its_data()
    {
        var first = NewCluster();
        await first.StartAsync();
        Assert.True(first.CreatedNow);
        Assert.Equal("logical", await Sql.ScalarAsync<string>(first.Endpoint, "show wal_level"));
        Assert.Equal("127.0.0.1", await Sql.ScalarAsync<string>(first.Endpoint, "show listen_addresses"));
        await Sql.ExecuteAsync(first.Endpoint, "create table kept (v text); insert into kept values ('before restart');");
        var pid = PostmasterPid(first);
        await first.StopAsync();
        Assert.False(IsRunning(pid), "the postmaster should be gone after StopAsync");

        var second = NewCluster();
        await second.StartAsync();
        try
        {
            Assert.False(second.CreatedNow);
            Assert.Equal("before restart", await Sql.ScalarAsync<string>(second.Endpoint, "select v from kept"));
            Assert.Equal(first.Endpoint.Password, second.Endpoint.Password);
        }
        finally
        {
            await second.StopAsync();
        }
    }

    [Fact]
    public async Task A_killed_postmaster_is_recovered_on_next_start_without_losing_committed_rows()
    {
        var cluster = NewCluster();
        await cluster.StartAsync();
        await Sql.ExecuteAsync(cluster.Endpoint, "create table t (v int); insert into t select generate_series(1, 1000);");
        Kill(PostmasterPid(cluster));

        var again = NewCluster();
        await again.StartAsync();
        try
        {
            Assert.Equal(1000L, await Sql.ScalarAsync<long>(again.Endpoint, "select count(*) from t"));
        }
        finally
        {
            await again.StopAsync();
        }
    }

    [Fact]
    public async Task A_server_left_running_by_a_killed_hub_is_taken_over()
    {
        var orphan = NewCluster();
        await orphan.StartAsync(); // never stopped: as if the hub had been killed with SIGKILL
        await Sql.ExecuteAsync(orphan.Endpoint, "create table t (v int); insert into t values (7);");
        var orphanPid = PostmasterPid(orphan);

        var next = NewCluster();
        await next.StartAsync();
        try
        {
            Assert.NotEqual(orphanPid, PostmasterPid(next));
            Assert.False(IsRunning(orphanPid));
            Assert.Equal(7, await Sql.ScalarAsync<int>(next.Endpoint, "select v from t"));
        }
        finally
        {
            await next.StopAsync();
        }
    }

    [Fact]
    public async Task A_stale_pid_file_is_removed()
    {
        var cluster = NewCluster();
        await cluster.StartAsync();
        await cluster.StopAsync();
        // A pid file naming a process that is not this cluster's postmaster (our own test process).
        await File.WriteAllTextAsync(Path.Combine(cluster.PgData, "postmaster.pid"), $"{Environment.ProcessId}\n{cluster.PgData}\n");

        var again = NewCluster();
        await again.StartAsync();
        await again.StopAsync();
    }

    [Fact]
    public async Task A_folder_that_is_not_a_cluster_is_refused_and_left_untouched()
    {
        var pgData = Path.Combine(_folder.Path, "postgres");
        Directory.CreateDirectory(pgData);
        var precious = Path.Combine(pgData, "precious.txt");
        await File.WriteAllTextAsync(precious, "keep me");

        var error = await Assert.ThrowsAsync<EmbeddedClusterException>(() => NewCluster().StartAsync());
        Assert.Contains("not a PostgreSQL cluster", error.Message);
        Assert.Equal("keep me", await File.ReadAllTextAsync(precious));
    }

    [Fact]
    public async Task A_cluster_of_another_major_version_is_refused()
    {
        var pgData = Path.Combine(_folder.Path, "postgres");
        Directory.CreateDirectory(pgData);
        await File.WriteAllTextAsync(Path.Combine(pgData, "PG_VERSION"), "9\n");
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "db-password"), "x\n");

        var error = await Assert.ThrowsAsync<EmbeddedClusterException>(() => NewCluster().StartAsync());
        Assert.Contains("PostgreSQL 9", error.Message);
        Assert.Contains("pg_upgrade", error.Message);
        Assert.True(File.Exists(Path.Combine(pgData, "PG_VERSION")));
    }

    [Fact]
    public async Task A_port_in_use_is_reported_with_the_flag_to_change_it()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<EmbeddedClusterException>(() => NewCluster(port).StartAsync());
        Assert.Contains($"Port {port}", error.Message);
        Assert.Contains("--db-port", error.Message);
    }

    [Fact]
    public async Task Missing_binaries_are_reported_with_what_to_install()
    {
        var error = await Assert.ThrowsAsync<EmbeddedClusterException>(() => NewCluster(binDirectory: "/nonexistent/pg/bin").StartAsync());
        Assert.Contains("/nonexistent/pg/bin", error.Message);
        Assert.Contains("AGENTHUB_PG_BIN", error.Message);
    }

    [Fact]
    public void Version_output_is_parsed()
    {
        Assert.Equal(15, PgBinaries.ParseMajorVersion("postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"));
        Assert.Equal(17, PgBinaries.ParseMajorVersion("postgres (PostgreSQL) 17beta1"));
        Assert.Null(PgBinaries.ParseMajorVersion("garbage"));
    }

    private static int PostmasterPid(EmbeddedCluster cluster) =>
        int.Parse(File.ReadLines(Path.Combine(cluster.PgData, "postmaster.pid")).First());

    /// <summary>Alive and not a zombie (in a container, PID 1 may never reap the exited postmaster).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void Kill(int pid)
    {
        Process.GetProcessById(pid).Kill();
        for (var i = 0; i < 100 && IsRunning(pid); i++) Thread.Sleep(50);
    }

    public void Dispose() => _folder.Dispose();
}
