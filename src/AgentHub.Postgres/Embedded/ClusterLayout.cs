namespace AgentHub.Postgres.Embedded;

/// <summary>
/// The files of an embedded cluster inside the hub's data folder:
/// <code>
/// DATA/db-password          superuser password (owner-only)
/// DATA/postgres/            PGDATA, owned by the cluster's OS user
/// DATA/postgres.location    only when PGDATA had to live elsewhere (see below)
/// </code>
/// When the hub runs as root and the data folder sits where the unprivileged cluster user cannot
/// enter (root's home is 0700, and CI may clone there), PGDATA goes to
/// <c>/var/lib/agenthub/clusters/&lt;hash of the data folder path&gt;</c> instead, and
/// <c>postgres.location</c> records where, so the data folder still finds its cluster.
/// </summary>
internal sealed record ClusterLayout(string DataDirectory, string PgData)
{
    public const string FallbackRoot = "/var/lib/agenthub/clusters";

    public string PasswordFile => Path.Combine(DataDirectory, "db-password");
    public string LocationFile => Path.Combine(DataDirectory, "postgres.location");
    public string VersionFile => Path.Combine(PgData, "PG_VERSION");
    public string PidFile => Path.Combine(PgData, "postmaster.pid");
    public string SettingsFile => Path.Combine(PgData, "agenthub.conf");
    public string LogFile => Path.Combine(PgData, "server.log");
    public bool IsInitialized => File.Exists(VersionFile);

    public static async Task<ClusterLayout> ResolveAsync(string dataDirectory, ClusterOsUser user, CancellationToken cancellationToken)
    {
        var data = Path.GetFullPath(dataDirectory);
        var locationFile = Path.Combine(data, "postgres.location");
        if (File.Exists(locationFile))
        {
            return new ClusterLayout(data, (await File.ReadAllTextAsync(locationFile, cancellationToken).ConfigureAwait(false)).Trim());
        }

        var inside = new ClusterLayout(data, Path.Combine(data, "postgres"));
        if (Directory.Exists(inside.PgData) || await user.CanEnterAsync(data, cancellationToken).ConfigureAwait(false)) return inside;

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(data)))[..16];
        var outside = new ClusterLayout(data, Path.Combine(FallbackRoot, hash));
        Directory.CreateDirectory(FallbackRoot);
        await File.WriteAllTextAsync(locationFile, outside.PgData + "\n", cancellationToken).ConfigureAwait(false);
        return outside;
    }
}
