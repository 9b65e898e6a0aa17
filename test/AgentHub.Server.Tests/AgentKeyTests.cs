using System.Text;
using System.Text.Json;
using AgentHub.Auth.Keys;
using AgentHub.Testing;

namespace AgentHub.Server.Tests;

/// <summary><c>agenthub keys agent</c> as a user runs it: a real process and its own embedded cluster.</summary>
public sealed class AgentKeyTests : IDisposable
{
    private readonly TempFolder _project = new("agentkeys");

    [Fact]
    public async Task Mints_a_signed_agent_token_and_gives_the_same_agent_the_same_id_every_time()
    {
        var dbPort = FreePort.Next().ToString();
        var first = await MintAsync("--tenant", "research", "--agent", "planner", "--json", "--db-port", dbPort);
        var again = await MintAsync("--tenant", "research", "--agent", "planner", "--json", "--db-port", dbPort, "--expires-in", "2h");
        var other = await MintAsync("--tenant", "research", "--agent", "writer", "--json", "--db-port", dbPort);

        Assert.Equal(first.GetProperty("agentId").GetString(), again.GetProperty("agentId").GetString());
        Assert.Equal(first.GetProperty("tenantId").GetString(), other.GetProperty("tenantId").GetString());
        Assert.NotEqual(first.GetProperty("agentId").GetString(), other.GetProperty("agentId").GetString());

        var token = again.GetProperty("token").GetString()!;
        var secret = JwtSecret.LoadOrCreate(Path.Combine(_project.Path, ".agenthub"));
        Assert.True((await TokenSigner.ValidateAsync(secret, token)).IsValid);
        var claims = JsonDocument.Parse(Base64Url(token.Split('.')[1])).RootElement;
        Assert.Equal("authenticated", claims.GetProperty("role").GetString());
        Assert.Equal(again.GetProperty("agentId").GetString(), claims.GetProperty("agent_id").GetString());
        Assert.Equal(again.GetProperty("agentId").GetString(), claims.GetProperty("sub").GetString());
        Assert.Equal(again.GetProperty("tenantId").GetString(), claims.GetProperty("tenant_id").GetString());
        Assert.Equal("planner", claims.GetProperty("agent_name").GetString());
        var lifetime = claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64();
        Assert.Equal(7200, lifetime);
    }

    [Theory]
    [InlineData("Not A Slug!", "planner", "365d", "tenants_slug_check")]
    [InlineData("research", "planner", "soon", "--expires-in 'soon'")]
    public async Task Bad_input_exits_non_zero_with_a_clear_line(string tenant, string agent, string expires, string expected)
    {
        var (exit, output) = await CliProcess.RunAsync(_project.Path, "keys", "agent", "--tenant", tenant, "--agent", agent, "--expires-in", expires, "--db-port", FreePort.Next().ToString());
        Assert.Equal(1, exit);
        Assert.Contains(expected, output);
        Assert.DoesNotContain("   at ", output);
    }

    private async Task<JsonElement> MintAsync(params string[] arguments)
    {
        var (exit, output, stdout) = await CliProcess.RunCapturingAsync(_project.Path, ["keys", "agent", .. arguments]);
        Assert.True(exit == 0, output);
        return JsonDocument.Parse(stdout).RootElement; // stdout is the JSON alone; logs go to stderr
    }

    private static string Base64Url(string segment)
    {
        var padded = segment.Replace('-', '+').Replace('_', '/');
        return Encoding.UTF8.GetString(Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4)));
    }

    public void Dispose() => _project.Dispose();
}
