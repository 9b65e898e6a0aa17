namespace AgentHub.Postgres.Embedded;

/// <summary>
/// The unprivileged OS account the cluster runs under when the hub runs as root, created on first
/// use as a system account with no login shell. When the hub is not root the cluster simply runs as
/// the hub's own user and this type does nothing.
/// </summary>
internal sealed class ClusterOsUser
{
    private ClusterOsUser(string? name) => Name = name;

    /// <summary>The account to run server commands as, or null to run them as ourselves.</summary>
    public string? Name { get; }

    public static async Task<ClusterOsUser> ResolveAsync(string accountName, CancellationToken cancellationToken)
    {
        if (!Environment.IsPrivilegedProcess) return new ClusterOsUser(null);

        var exists = await OsProcess.RunAsync("id", ["-u", accountName], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!exists.Succeeded)
        {
            var created = await OsProcess.RunAsync("useradd",
                ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", accountName],
                cancellationToken: cancellationToken).ConfigureAwait(false);
            // Another hub starting at the same moment may have created it first (exit 9: already exists).
            if (!created.Succeeded && created.ExitCode != 9)
            {
                throw new EmbeddedClusterException(
                    $"Running as root, the embedded PostgreSQL needs an unprivileged OS user, and creating '{accountName}' failed: {created.LastLine}. Create it by hand or run the hub as a normal user.");
            }
        }
        return new ClusterOsUser(accountName);
    }

    /// <summary>Hands a file or folder (recursively) to the cluster's account.</summary>
    public async Task GiveAsync(string path, CancellationToken cancellationToken)
    {
        if (Name is null) return;
        var result = await OsProcess.RunAsync("chown", ["-R", $"{Name}:{Name}", path], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded) throw new EmbeddedClusterException($"Could not hand '{path}' to OS user '{Name}': {result.LastLine}.");
    }

    /// <summary>True when the cluster's account can enter <paramref name="directory"/> (every parent must be searchable).</summary>
    public async Task<bool> CanEnterAsync(string directory, CancellationToken cancellationToken)
    {
        if (Name is null) return true;
        var result = await OsProcess.RunAsync("test", ["-x", directory, "-a", "-d", directory], Name, cancellationToken).ConfigureAwait(false);
        return result.Succeeded;
    }
}
