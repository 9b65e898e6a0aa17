using System.Diagnostics;

namespace AgentHub.Postgres.Embedded;

/// <summary>The PostgreSQL server binaries the embedded cluster runs with.</summary>
/// <param name="BinDirectory">Folder holding initdb, pg_ctl and postgres.</param>
/// <param name="MajorVersion">Major version reported by <c>postgres --version</c>.</param>
public sealed record PgBinaries(string BinDirectory, int MajorVersion)
{
    private static readonly string[] Required = ["initdb", "pg_ctl", "postgres"];

    /// <summary>Full path of one of the binaries.</summary>
    public string Path(string name) => System.IO.Path.Combine(BinDirectory, name);

    /// <summary>
    /// Finds the binaries: an explicit folder (AGENTHUB_PG_BIN), then <c>pg_config --bindir</c>,
    /// then the newest <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> (Debian's layout).
    /// </summary>
    public static PgBinaries Locate(string? explicitBinDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitBinDirectory))
        {
            return FromDirectory(explicitBinDirectory)
                ?? throw new EmbeddedClusterException(
                    $"No PostgreSQL server binaries (initdb, pg_ctl, postgres) in '{explicitBinDirectory}' (AGENTHUB_PG_BIN / --pg-bin); point it at the folder that holds them.");
        }

        foreach (var candidate in Candidates())
        {
            if (FromDirectory(candidate) is { } found) return found;
        }

        throw new EmbeddedClusterException(
            "PostgreSQL server binaries not found; install them (Debian: apt-get install postgresql) or set AGENTHUB_PG_BIN to their folder, or give --db-url to use an existing database.");
    }

    private static IEnumerable<string> Candidates()
    {
        if (RunPgConfig() is { } fromPgConfig) yield return fromPgConfig;
        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot)) yield break;
        var versions = Directory.GetDirectories(debianRoot)
            .Select(d => (dir: d, ok: int.TryParse(System.IO.Path.GetFileName(d), out var v), v))
            .Where(x => x.ok)
            .OrderByDescending(x => x.v);
        foreach (var (dir, _, _) in versions) yield return System.IO.Path.Combine(dir, "bin");
    }

    private static PgBinaries? FromDirectory(string directory)
    {
        if (!Required.All(name => File.Exists(System.IO.Path.Combine(directory, name)))) return null;
        var version = ReadMajorVersion(System.IO.Path.Combine(directory, "postgres"));
        return version is null ? null : new PgBinaries(System.IO.Path.GetFullPath(directory), version.Value);
    }

    private static string? RunPgConfig()
    {
        try
        {
            var output = RunAndRead("pg_config", "--bindir");
            return string.IsNullOrWhiteSpace(output) ? null : output.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // pg_config is not on PATH; Debian's layout is tried next.
        }
    }

    /// <summary>Parses "postgres (PostgreSQL) 15.18 (Debian ...)" into 15.</summary>
    internal static int? ParseMajorVersion(string versionOutput)
    {
        var marker = versionOutput.IndexOf(") ", StringComparison.Ordinal);
        if (marker < 0) return null;
        var rest = versionOutput[(marker + 2)..];
        var end = 0;
        while (end < rest.Length && char.IsAsciiDigit(rest[end])) end++;
        return end > 0 && int.TryParse(rest[..end], out var major) ? major : null;
    }

    private static int? ReadMajorVersion(string postgresPath)
    {
        try
        {
            return ParseMajorVersion(RunAndRead(postgresPath, "--version"));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string RunAndRead(string file, string argument)
    {
        var start = new ProcessStartInfo(file, argument) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : "";
    }
}
