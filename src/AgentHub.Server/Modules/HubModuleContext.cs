using AgentHub.Auth.Keys;
using AgentHub.Auth.Tokens;
using AgentHub.Postgres;
using AgentHub.Server.Configuration;
using AgentHub.Server.Hosting;
using Npgsql;

namespace AgentHub.Server.Modules;

/// <summary>What every API module gets from the host when it registers its services and endpoints.</summary>
/// <param name="Options">All settings.</param>
/// <param name="Secret">The JWT secret.</param>
/// <param name="Keys">The anon and service_role keys.</param>
/// <param name="Tokens">Shared, caching token verifier.</param>
/// <param name="AdminDatabase">Connections as the migrating user (superuser on the embedded cluster); for the hub's own work.</param>
/// <param name="ApiEndpoint">The login role API requests run under (<c>authenticator</c> on the embedded cluster, the
/// configured user otherwise); every request switches to its JWT role inside its transaction. Each API module
/// builds its own pool from it, with the connection settings its hot path needs.</param>
/// <param name="DatabaseEndpoint">Where the database is (for replication connections).</param>
/// <param name="Runtime">Start time and mode.</param>
internal sealed record HubModuleContext(
    AgentHubOptions Options,
    JwtSecret Secret,
    ApiKeys Keys,
    TokenVerifier Tokens,
    NpgsqlDataSource AdminDatabase,
    DatabaseEndpoint ApiEndpoint,
    DatabaseEndpoint DatabaseEndpoint,
    HubRuntime Runtime);
