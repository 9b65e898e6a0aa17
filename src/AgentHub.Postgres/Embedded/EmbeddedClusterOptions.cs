namespace AgentHub.Postgres.Embedded;

/// <summary>Where and how the embedded PostgreSQL cluster runs.</summary>
public sealed class EmbeddedClusterOptions
{
    /// <summary>The hub's data folder; the cluster lives in its <c>postgres/</c> subfolder.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>TCP port on 127.0.0.1. The local Supabase convention is 54322.</summary>
    public int Port { get; init; } = 54322;

    /// <summary>Folder of initdb/pg_ctl/postgres; null to search for them.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>OS account the cluster runs under when the hub runs as root.</summary>
    public string OsUser { get; init; } = "agenthub";

    /// <summary>
    /// False turns off fsync and synchronous commit: much faster, and a crash of the machine (not of
    /// the process) can lose recent commits. Only the test suite uses it.
    /// </summary>
    public bool DurableWrites { get; init; } = true;

    /// <summary>Seconds to wait for the server to start or stop.</summary>
    public int TimeoutSeconds { get; init; } = 60;
}
