using Npgsql;

namespace AgentHub.Postgres;

/// <summary>How to reach one PostgreSQL database, and how to show that to a person.</summary>
public sealed record DatabaseEndpoint(string Host, int Port, string Database, string Username, string? Password)
{
    /// <summary>An Npgsql connection string for this endpoint.</summary>
    public string ConnectionString(string? applicationName = "agenthub") => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Database = Database,
        Username = Username,
        Password = Password,
        ApplicationName = applicationName,
    }.ConnectionString;

    /// <summary>The same database as a <c>postgresql://</c> URL, the form psql and Supabase print.</summary>
    public string Url
    {
        get
        {
            var credentials = Uri.EscapeDataString(Username) + (Password is null ? "" : ":" + Uri.EscapeDataString(Password));
            return $"postgresql://{credentials}@{Host}:{Port}/{Uri.EscapeDataString(Database)}";
        }
    }

    /// <summary>The same server, another database.</summary>
    public DatabaseEndpoint WithDatabase(string database) => this with { Database = database };

    /// <summary>
    /// Reads a <c>postgres://</c> or <c>postgresql://</c> URL, or an Npgsql key=value connection string.
    /// </summary>
    public static DatabaseEndpoint Parse(string urlOrConnectionString)
    {
        if (urlOrConnectionString.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || urlOrConnectionString.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            var uri = new Uri(urlOrConnectionString);
            var userInfo = uri.UserInfo.Split(':', 2);
            var database = uri.AbsolutePath.Trim('/');
            return new DatabaseEndpoint(
                uri.Host,
                uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
                string.IsNullOrEmpty(database) ? "postgres" : Uri.UnescapeDataString(database),
                userInfo[0].Length == 0 ? "postgres" : Uri.UnescapeDataString(userInfo[0]),
                userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null);
        }

        var builder = new NpgsqlConnectionStringBuilder(urlOrConnectionString);
        return new DatabaseEndpoint(builder.Host ?? "localhost", builder.Port, builder.Database ?? "postgres", builder.Username ?? "postgres", builder.Password);
    }
}
