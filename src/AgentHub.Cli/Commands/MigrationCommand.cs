using System.CommandLine;
using System.Text.RegularExpressions;
using AgentHub.Server.Configuration;

namespace AgentHub.Cli.Commands;

/// <summary><c>agenthub migration new &lt;name&gt;</c>: a new, empty, timestamped migration file.</summary>
internal static partial class MigrationCommand
{
    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex NamePattern();

    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "What the migration does, e.g. create_todos (letters, digits, _ and -)." };
        var migrationsDir = new Option<string?>("--migrations-dir") { Description = "Folder of migrations (default ./supabase/migrations)." };
        var create = new Command("new", "Create supabase/migrations/<timestamp>_<name>.sql.") { name, migrationsDir };
        create.SetAction(parse => CliRunner.RunAsync(() =>
        {
            var migrationName = parse.GetValue(name)!;
            if (!NamePattern().IsMatch(migrationName))
            {
                throw new ArgumentException($"Migration name '{migrationName}' may use only letters, digits, '_' and '-' (at most 100).");
            }
            var flags = parse.GetValue(migrationsDir) is { } dir ? new Dictionary<string, string?> { ["AgentHub:Migrations:Directory"] = dir } : [];
            var (options, _) = HubConfiguration.Build(Directory.GetCurrentDirectory(), HubConfiguration.ProcessEnvironment(), flags);
            Directory.CreateDirectory(options.Migrations.Directory);
            var path = Path.Combine(options.Migrations.Directory, $"{DateTime.UtcNow:yyyyMMddHHmmss}_{migrationName}.sql");
            if (File.Exists(path)) throw new ArgumentException($"'{path}' already exists; wait a second and try again.");
            File.WriteAllText(path, $"-- {migrationName}\n-- Applied in one transaction by `agenthub migrate up` and on `agenthub serve`.\n\n");
            Console.WriteLine($"Created {path}");
            return Task.FromResult(0);
        }));
        return new Command("migration", "Write migrations.") { create };
    }
}
