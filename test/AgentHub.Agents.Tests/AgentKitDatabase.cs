using System.Text.Json;
using AgentHub.Postgres;
using AgentHub.Postgres.Migrations;
using AgentHub.Testing;
using Npgsql;

namespace AgentHub.Agents.Tests;

/// <summary>
/// A database with the platform (and so the agent kit) applied. Calls run the way the data API
/// runs them: logged in as <c>authenticator</c>, switching to the token's role with its claims set
/// for the transaction, so row-level security and the functions' identity checks are real.
/// </summary>
internal sealed class AgentKitDatabase
{
    private const string AuthenticatorPassword = "agent-kit-tests";
    private static readonly SemaphoreSlim PasswordGate = new(1, 1);

    private AgentKitDatabase(DatabaseEndpoint admin)
    {
        Admin = admin;
        Api = NpgsqlDataSource.Create((admin with { Username = "authenticator", Password = AuthenticatorPassword }).ConnectionString("agent-kit-tests"));
    }

    public DatabaseEndpoint Admin { get; }

    public NpgsqlDataSource Api { get; }

    public static async Task<AgentKitDatabase> CreateAsync(PostgresFixture postgres, string purpose)
    {
        var db = await postgres.CreateDatabaseAsync(purpose);
        await new MigrationRunner(db.ConnectionString()).ApplyAsync(MigrationTrack.Platform());
        // The role is cluster-wide and test classes run in parallel: one ALTER ROLE at a time.
        await PasswordGate.WaitAsync();
        try
        {
            await Sql.ExecuteAsync(db, $"alter role authenticator password '{AuthenticatorPassword}'");
        }
        finally
        {
            PasswordGate.Release();
        }
        return new AgentKitDatabase(db);
    }

    public static Identity Service { get; } = new("service_role", new() { ["role"] = "service_role" });

    public static Identity Anon { get; } = new("anon", new() { ["role"] = "anon" });

    public static Identity AgentOf(Guid tenant, Guid agent) => new("authenticated", new()
    {
        ["role"] = "authenticated", ["sub"] = agent.ToString(), ["tenant_id"] = tenant.ToString(), ["agent_id"] = agent.ToString(),
    });

    public static Identity User(Guid user) => new("authenticated", new() { ["role"] = "authenticated", ["sub"] = user.ToString() });

    /// <summary>Creates a tenant and registers agents in it (each registering itself with its own token).</summary>
    public async Task<(Guid Tenant, Guid[] Agents)> TenantWithAgentsAsync(string slug, int agents, string[]? capabilities = null)
    {
        var tenant = await ScalarAsync<Guid>(Service, "insert into agenthub.tenants (slug, name) values ($1, $1) returning id", slug);
        var ids = new Guid[agents];
        for (var i = 0; i < agents; i++)
        {
            ids[i] = Guid.NewGuid();
            await ExecuteAsync(AgentOf(tenant, ids[i]), "select agenthub.register_agent($1, 'worker', $2)", $"{slug}-agent-{i}", capabilities ?? Array.Empty<string>());
        }
        return (tenant, ids);
    }

    public async Task<T> ScalarAsync<T>(Identity who, string sql, params object?[] parameters)
    {
        await using var connection = await Api.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await who.ApplyAsync(connection);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
        var value = await command.ExecuteScalarAsync();
        await tx.CommitAsync();
        return value is DBNull or null ? default! : (T)value;
    }

    public async Task ExecuteAsync(Identity who, string sql, params object?[] parameters)
    {
        await using var connection = await Api.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await who.ApplyAsync(connection);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
        await command.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }

    public async Task<List<T>> ColumnAsync<T>(Identity who, string sql, params object?[] parameters)
    {
        await using var connection = await Api.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await who.ApplyAsync(connection);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
        var values = new List<T>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) values.Add(reader.GetFieldValue<T>(0));
        }
        await tx.CommitAsync();
        return values;
    }

    public async Task<PostgresException> FailsAsync(Identity who, string sql, params object?[] parameters)
    {
        try
        {
            await ExecuteAsync(who, sql, parameters);
        }
        catch (PostgresException e)
        {
            return e;
        }
        throw new Xunit.Sdk.XunitException($"expected a database error from: {sql}");
    }
}

/// <summary>A caller: the role to switch to and the JWT claims for the transaction.</summary>
internal sealed record Identity(string Role, Dictionary<string, string> Claims)
{
    public async Task ApplyAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)", connection)
        {
            Parameters = { new() { Value = Role }, new() { Value = JsonSerializer.Serialize(Claims) } },
        };
        await command.ExecuteNonQueryAsync();
    }
}
