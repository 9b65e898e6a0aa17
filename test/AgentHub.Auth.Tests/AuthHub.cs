using AgentHub.Postgres;
using AgentHub.Server;
using AgentHub.Server.Configuration;
using AgentHub.Testing;

namespace AgentHub.Auth.Tests;

/// <summary>
/// A hub started in-process on its own fresh database of the shared test cluster (external-database
/// mode, port 0), with an app-style migration: <c>public.profiles</c> filled by an
/// <c>after insert on auth.users</c> trigger that raises for a user named "explode".
/// </summary>
public sealed class AuthHub : IAsyncDisposable
{
    public const string ProfilesMigration = """
        create table public.profiles (id uuid primary key references auth.users (id) on delete cascade, name text);
        create function public.handle_new_user() returns trigger language plpgsql security definer set search_path = '' as $$
        begin
          if new.raw_user_meta_data ->> 'name' = 'explode' then
            raise exception 'profile rejected';
          end if;
          insert into public.profiles (id, name) values (new.id, new.raw_user_meta_data ->> 'name');
          return new;
        end
        $$;
        create trigger on_auth_user_created after insert on auth.users for each row execute procedure public.handle_new_user();
        """;

    private static readonly SemaphoreSlim EnvironmentLock = new(1, 1);

    private readonly TempFolder _work;

    private AuthHub(TempFolder work, AgentHubServer server, DatabaseEndpoint database, string dataDir)
    {
        _work = work;
        DataDir = dataDir;
        Server = server;
        Database = database;
        Client = new AuthClient(server.ApiUrl, server.Keys.Anon);
    }

    public AgentHubServer Server { get; }

    public DatabaseEndpoint Database { get; }

    public AuthClient Client { get; }

    /// <summary>The hub's data folder (its generated JWT secret is there).</summary>
    public string DataDir { get; }

    public string ServiceKey => Server.Keys.ServiceRole;

    public string AnonKey => Server.Keys.Anon;

    /// <summary>
    /// Starts a hub. <paramref name="environment"/> sets GOTRUE_* variables while the host reads its
    /// configuration; the variables are process-wide, so such starts are serialised and the tests
    /// using them run in the non-parallel <see cref="ConfiguredHubCollection"/>.
    /// </summary>
    public static async Task<AuthHub> StartAsync(PostgresFixture postgres, string purpose, IReadOnlyDictionary<string, string>? environment = null)
    {
        var database = await postgres.CreateDatabaseAsync(purpose);
        var work = new TempFolder("auth");
        var migrations = Path.Combine(work.Path, "migrations");
        Directory.CreateDirectory(migrations);
        File.WriteAllText(Path.Combine(migrations, "20240101000000_profiles.sql"), ProfilesMigration);
        var options = new AgentHubOptions
        {
            Port = 0,
            DataDir = Path.Combine(work.Path, ".agenthub"),
            Database = { Url = database.Url },
            Migrations = { Directory = migrations },
        };

        await EnvironmentLock.WaitAsync();
        try
        {
            foreach (var (name, value) in environment ?? new Dictionary<string, string>()) Environment.SetEnvironmentVariable(name, value);
            var server = await AgentHubServer.StartAsync(options, _ => { });
            return new AuthHub(work, server, database, options.DataDir);
        }
        finally
        {
            foreach (var name in (environment ?? new Dictionary<string, string>()).Keys) Environment.SetEnvironmentVariable(name, null);
            EnvironmentLock.Release();
        }
    }

    /// <summary>A unique address for a test.</summary>
    public static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    /// <summary>Signs up a confirmed user and returns the session response.</summary>
    public async Task<AuthResponse> SignUpAsync(string? email = null, string password = "s3cret-pass", object? data = null)
    {
        var response = await Client.SignUpAsync(email ?? NewEmail(), password, data);
        Assert.True(response.Status == System.Net.HttpStatusCode.OK, response.ToString());
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        _work.Dispose();
    }
}
