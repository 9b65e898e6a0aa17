using AgentHub.Postgres.Embedded;
using AgentHub.Postgres.Migrations;
using AgentHub.Server.Configuration;
using Npgsql;
using Spectre.Console;

namespace AgentHub.Cli;

/// <summary>
/// Runs a command body and turns the failures a user can fix into one red line and exit code 1,
/// instead of a stack trace. Anything else is a bug and keeps its stack trace.
/// </summary>
internal static class CliRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (OptionsValidationException e)
        {
            foreach (var error in e.Errors) Fail(error);
            return 1;
        }
        catch (Exception e) when (e is EmbeddedClusterException or MigrationException or FileNotFoundException or ArgumentException)
        {
            Fail(e.Message);
            return 1;
        }
        catch (NpgsqlException e)
        {
            Fail($"Database error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
    }

    public static void Fail(string message) => AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {message}");
}
