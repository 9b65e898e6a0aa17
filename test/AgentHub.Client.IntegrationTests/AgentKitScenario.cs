using AgentHub.Client.Agents;
using AgentHub.Testing;
using Npgsql;

namespace AgentHub.Client.IntegrationTests;

/// <summary>A hub with agents minted in one tenant, and SQL to look at (and act on) the agent kit directly.</summary>
internal sealed class AgentKitScenario(HubInstance hub, Guid tenant) : IAsyncDisposable
{
    public HubInstance Hub { get; } = hub;

    public Guid Tenant { get; } = tenant;

    public static async Task<AgentKitScenario> StartAsync(PostgresFixture postgres, string purpose)
    {
        var hub = await HubInstance.StartAsync(postgres, purpose, "select 1;");
        var (_, tenant, _) = await hub.Server.MintAgentTokenAsync("fleet", "bootstrap");
        return new AgentKitScenario(hub, tenant);
    }

    public async Task<(string Token, Guid Id)> AgentAsync(string name)
    {
        var (token, _, id) = await Hub.Server.MintAgentTokenAsync("fleet", name);
        return (token, id);
    }

    public AgentRuntime Runtime(string token, AgentRuntimeOptions options) =>
        new(Hub.Client(token), options, Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<AgentRuntime>(HubInstance.ClientLoggers));

    public Task<T?> ScalarAsync<T>(string sql, params object[] parameters) => Sql.ScalarAsync<T>(Hub.Database, sql, parameters);

    /// <summary>Calls an agent-kit function as the given agent would (its claims), straight on the database.</summary>
    public async Task AsAgentAsync(Guid agent, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(Hub.Database.ConnectionString());
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var claims = $$"""{"role":"authenticated","tenant_id":"{{Tenant}}","agent_id":"{{agent}}"}""";
        await using (var set = new NpgsqlCommand("select set_config('request.jwt.claims', $1, true)", connection, tx) { Parameters = { new() { Value = claims } } })
        {
            await set.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(sql, connection, tx);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }

    public ValueTask DisposeAsync() => Hub.DisposeAsync();
}
