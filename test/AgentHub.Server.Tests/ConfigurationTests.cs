using AgentHub.Server.Configuration;
using AgentHub.Testing;

namespace AgentHub.Server.Tests;

public sealed class ConfigurationTests : IDisposable
{
    private readonly TempFolder _work = new("config");

    private (AgentHubOptions Options, Microsoft.Extensions.Configuration.IConfiguration _) Build(
        Dictionary<string, string>? env = null, Dictionary<string, string?>? flags = null) =>
        HubConfiguration.Build(_work.Path, env ?? [], flags ?? []);

    [Fact]
    public void Defaults_give_the_local_supabase_ports_and_an_embedded_database()
    {
        var (options, _) = Build();
        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(54321, options.Port);
        Assert.Equal(54322, options.Database.EmbeddedPort);
        Assert.False(options.Database.IsExternal);
        Assert.Equal(Path.Combine(_work.Path, ".agenthub"), options.DataDir);
        Assert.Equal(Path.Combine(_work.Path, "supabase", "migrations"), options.Migrations.Directory);
    }

    [Fact]
    public void Appsettings_then_environment_then_flags_each_win_over_the_previous()
    {
        File.WriteAllText(Path.Combine(_work.Path, "appsettings.json"), """
            { "AgentHub": { "Port": 1111, "Host": "127.0.0.2", "DataDir": "from-file", "Database": { "EmbeddedPort": 2222 } } }
            """);
        var env = new Dictionary<string, string> { ["AGENTHUB_PORT"] = "3333", ["AGENTHUB_DATA_DIR"] = "from-env" };
        var flags = new Dictionary<string, string?> { ["AgentHub:Port"] = "4444" };

        var (options, _) = Build(env, flags);

        Assert.Equal(4444, options.Port);                                   // flag beats env and file
        Assert.Equal(Path.Combine(_work.Path, "from-env"), options.DataDir);  // env beats file
        Assert.Equal("127.0.0.2", options.Host);                             // file beats default
        Assert.Equal(2222, options.Database.EmbeddedPort);
    }

    [Fact]
    public void Supabase_variable_names_configure_an_external_database_and_the_jwt_secret()
    {
        var env = new Dictionary<string, string>
        {
            ["SUPABASE_DB_HOST"] = "db.example.internal",
            ["SUPABASE_DB_PORT"] = "6543",
            ["SUPABASE_DB_NAME"] = "app",
            ["SUPABASE_DB_USER"] = "hub",
            ["SUPABASE_DB_PASS"] = "p@ss:word",
            ["SUPABASE_JWT_SECRET"] = new string('s', 40),
        };
        var (options, _) = Build(env);
        Assert.True(options.Database.IsExternal);
        var endpoint = options.Database.ExternalEndpoint();
        Assert.Equal(("db.example.internal", 6543, "app", "hub", "p@ss:word"), (endpoint.Host, endpoint.Port, endpoint.Database, endpoint.Username, endpoint.Password));
        Assert.Equal("postgresql://hub:p%40ss%3Aword@db.example.internal:6543/app", endpoint.Url);
        Assert.Equal(new string('s', 40), options.Auth.JwtSecret);
    }

    [Fact]
    public void Database_url_is_parsed_and_agenthub_db_url_outranks_database_url()
    {
        var env = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = "postgres://a:b@h1:5432/one",
            ["AGENTHUB_DB_URL"] = "postgresql://u:p@h2:6000/two",
        };
        var endpoint = Build(env).Options.Database.ExternalEndpoint();
        Assert.Equal(("h2", 6000, "two", "u", "p"), (endpoint.Host, endpoint.Port, endpoint.Database, endpoint.Username, endpoint.Password));
    }

    [Fact]
    public void Double_underscore_variables_reach_any_setting()
    {
        var env = new Dictionary<string, string> { ["AGENTHUB__Migrations__ApplyOnStart"] = "false" };
        Assert.False(Build(env).Options.Migrations.ApplyOnStart);
    }

    [Theory]
    [InlineData("AGENTHUB_PORT", "70000", "AgentHub:Port (--port, AGENTHUB_PORT)")]
    [InlineData("AGENTHUB_DB_PORT", "0", "AgentHub:Database:EmbeddedPort (--db-port, AGENTHUB_DB_PORT)")]
    [InlineData("SUPABASE_JWT_SECRET", "short", "AgentHub:Auth:JwtSecret (SUPABASE_JWT_SECRET)")]
    [InlineData("AGENTHUB_PUBLIC_URL", "not a url", "AgentHub:PublicUrl (AGENTHUB_PUBLIC_URL)")]
    public void Invalid_values_are_refused_naming_the_setting(string variable, string value, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Build(new Dictionary<string, string> { [variable] = value }));
        Assert.Contains(error.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_data_api_takes_postgrest_variable_names_and_checks_its_limits()
    {
        var (options, _) = Build(new Dictionary<string, string> { ["PGRST_DB_SCHEMAS"] = " api , public ", ["PGRST_DB_MAX_ROWS"] = "50" });
        Assert.Equal(["api", "public"], options.Rest.SchemaList());
        Assert.Equal(50, options.Rest.MaxRows);
        Assert.Equal(["public", "graphql_public", "agenthub"], Build().Options.Rest.SchemaList());

        var error = Assert.Throws<OptionsValidationException>(() => Build(new Dictionary<string, string> { ["PGRST_DB_SCHEMAS"] = "public,public", ["PGRST_DB_MAX_ROWS"] = "-1" }));
        Assert.Contains(error.Errors, e => e.Contains("AgentHub:Rest:Schemas lists a schema twice", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("AgentHub:Rest:MaxRows", StringComparison.Ordinal));
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_refused_naming_the_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Build(new Dictionary<string, string> { ["AGENTHUB_PORT"] = "eighty" }));
        Assert.Contains("Port", error.Message);
    }

    [Fact]
    public void Every_variable_in_the_map_is_documented_in_config_md()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "CONFIG.md"));
        foreach (var (variable, key) in EnvironmentVariableMap.Entries)
        {
            Assert.Contains($"`{variable}`", doc);
            Assert.Contains($"`{key}`", doc);
        }
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AgentHub.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }

    public void Dispose() => _work.Dispose();
}
