using AgentHub.Postgres;
using Npgsql;

namespace AgentHub.Server.Agents;

/// <summary>
/// Finds or creates tenants and agents by name, for minting agent tokens. Runs on the admin
/// connection (the hub acting for the operator), so it works before any agent exists.
/// </summary>
internal static class AgentDirectory
{
    /// <summary>The tenant with this slug, created (named after the slug) if missing.</summary>
    public static async Task<Guid> EnsureTenantAsync(DatabaseEndpoint admin, string slug, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(admin, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            with created as (
              insert into agenthub.tenants (slug, name) values ($1, $1) on conflict (slug) do nothing returning id)
            select id from created union all select id from agenthub.tenants where slug = $1 limit 1
            """, connection) { Parameters = { new() { Value = slug } } };
        return (Guid)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The agent with this name in the tenant, registered (offline, no capabilities yet) if missing.</summary>
    public static async Task<Guid> EnsureAgentAsync(DatabaseEndpoint admin, Guid tenant, string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(admin, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            with created as (
              insert into agenthub.agents (tenant_id, name) values ($1, $2) on conflict (tenant_id, name) do nothing returning id)
            select id from created union all select id from agenthub.agents where tenant_id = $1 and name = $2 limit 1
            """, connection) { Parameters = { new() { Value = tenant }, new() { Value = name } } };
        return (Guid)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task<NpgsqlConnection> OpenAsync(DatabaseEndpoint admin, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin.ConnectionString("agenthub-cli")) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }
}
