using System.CommandLine;
using AgentHub.Postgres.Migrations;
using AgentHub.Server.Database;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace AgentHub.Cli.Commands;

/// <summary><c>agenthub migrate up|status</c>: apply or list migrations (platform and user).</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var up = new Command("up", "Apply pending migrations: the hub's own, then ./supabase/migrations.");
        var upFlags = new HubFlags();
        upFlags.AddTo(up);
        up.SetAction((parse, cancellationToken) => CliRunner.RunAsync(async () =>
        {
            var (options, _) = upFlags.Resolve(parse);
            using var loggers = LoggerFactory.Create(Server.AgentHubServer.DefaultLogging);
            await using var database = await DatabaseProvisioner.ForCommandAsync(options, loggers, cancellationToken);
            var applied = await HubMigrations.ApplyAsync(database.Admin, options.Migrations.Directory, includeUser: true, loggers.CreateLogger("AgentHub.Migrations"), cancellationToken);
            if (database.Cluster is not null) await HubMigrations.SetAuthenticatorPasswordAsync(database.Admin, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"[green]{applied.Count} migration(s) applied.[/]");
            foreach (var file in applied) AnsiConsole.MarkupLineInterpolated($"  {file.Version}_{file.Name}");
            return 0;
        }));

        var status = new Command("status", "List every migration and whether it is applied, pending, modified or missing its file.");
        var statusFlags = new HubFlags();
        statusFlags.AddTo(status);
        status.SetAction((parse, cancellationToken) => CliRunner.RunAsync(async () =>
        {
            var (options, _) = statusFlags.Resolve(parse);
            using var loggers = LoggerFactory.Create(Server.AgentHubServer.DefaultLogging);
            await using var database = await DatabaseProvisioner.ForCommandAsync(options, loggers, cancellationToken);
            var states = await HubMigrations.StatusAsync(database.Admin, options.Migrations.Directory, cancellationToken);
            AnsiConsole.Write(StatusTable(states));
            return states.Any(s => s.State == MigrationStateKind.Modified) ? 1 : 0;
        }));

        return new Command("migrate", "Apply or inspect migrations.") { up, status };
    }

    internal static Table StatusTable(IReadOnlyList<MigrationState> states)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Track", "Version", "Name", "State");
        foreach (var s in states)
        {
            var state = s.State switch
            {
                MigrationStateKind.Applied => "[green]applied[/]",
                MigrationStateKind.Pending => "[yellow]pending[/]",
                MigrationStateKind.Modified => "[red]modified after apply[/]",
                _ => "[grey]applied, file missing[/]",
            };
            table.AddRow(new Markup(s.Track), new Markup(s.Version), new Markup(Markup.Escape(s.Name)), new Markup(state));
        }
        return table;
    }
}
