using AgentHub.Cli.Commands;
using System.CommandLine;

var root = new RootCommand("AgentHub: a self-hostable realtime backend for AI agent fleets, compatible with Supabase's clients.")
{
    ServeCommand.Create(),
    MigrateCommand.Create(),
    MigrationCommand.Create(),
    KeysCommand.Create(),
    StatusCommand.Create(),
    VersionCommand.Create(),
};
// The hub needs time to stop its database cleanly after Ctrl-C or SIGTERM.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(90) });
