using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentHub.Postgres.Migrations;

/// <summary>
/// One migration: <c>&lt;14-digit timestamp&gt;_&lt;name&gt;.sql</c>, the Supabase CLI convention.
/// </summary>
/// <param name="Version">The timestamp prefix, which orders migrations.</param>
/// <param name="Name">The part after the underscore, without <c>.sql</c>.</param>
/// <param name="Source">Where it came from, for messages (a path, or the embedded resource name).</param>
/// <param name="Sql">The file's text.</param>
public sealed partial record MigrationFile(string Version, string Name, string Source, string Sql)
{
    /// <summary>SHA-256 of the text with line endings normalised, so a checkout on another OS is not "edited".</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.Replace("\r\n", "\n"))));

    /// <summary>Recognises a migration file name; other files in the folder are ignored.</summary>
    [GeneratedRegex(@"^(?<version>\d{14})_(?<name>[^/\\]+)\.sql$")]
    private static partial Regex FileNamePattern();

    /// <summary>Parses a file name; null if it does not follow the convention.</summary>
    public static (string Version, string Name)? ParseFileName(string fileName)
    {
        var match = FileNamePattern().Match(fileName);
        return match.Success ? (match.Groups["version"].Value, match.Groups["name"].Value) : null;
    }

    /// <summary>Loads the migrations of a folder in version order; a missing folder has none.</summary>
    public static IReadOnlyList<MigrationFile> LoadFolder(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        var files = new List<MigrationFile>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.sql"))
        {
            if (ParseFileName(Path.GetFileName(path)) is not { } parsed) continue;
            files.Add(new MigrationFile(parsed.Version, parsed.Name, path, File.ReadAllText(path)));
        }
        return Ordered(files);
    }

    /// <summary>Loads migrations embedded in an assembly under a resource prefix.</summary>
    public static IReadOnlyList<MigrationFile> LoadEmbedded(System.Reflection.Assembly assembly, string resourcePrefix)
    {
        var files = new List<MigrationFile>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(resourcePrefix, StringComparison.Ordinal)) continue;
            if (ParseFileName(resource[resourcePrefix.Length..]) is not { } parsed) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            files.Add(new MigrationFile(parsed.Version, parsed.Name, resource, reader.ReadToEnd()));
        }
        return Ordered(files);
    }

    private static IReadOnlyList<MigrationFile> Ordered(List<MigrationFile> files)
    {
        var duplicate = files.GroupBy(f => f.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new MigrationException($"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(f => f.Source))}; give one a new timestamp.");
        }
        return files.OrderBy(f => f.Version, StringComparer.Ordinal).ToList();
    }
}
