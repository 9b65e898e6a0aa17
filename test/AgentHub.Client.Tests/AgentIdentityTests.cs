using System.Text;
using AgentHub.Client.Agents;

namespace AgentHub.Client.Tests;

public sealed class AgentIdentityTests
{
    private static string Token(string claims) =>
        "eyJhbGciOiJIUzI1NiJ9." + Convert.ToBase64String(Encoding.UTF8.GetBytes(claims)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".sig";

    [Fact]
    public void Tenant_and_agent_come_from_the_token_claims()
    {
        var tenant = Guid.NewGuid();
        var agent = Guid.NewGuid();
        var identity = AgentIdentity.FromToken(Token($$"""{"role":"authenticated","tenant_id":"{{tenant}}","agent_id":"{{agent}}"}"""));
        Assert.Equal(new AgentIdentity(tenant, agent), identity);
    }

    [Fact]
    public void A_token_without_agent_claims_is_refused_with_how_to_mint_one()
    {
        var error = Assert.Throws<ArgumentException>(() => AgentIdentity.FromToken(Token("""{"role":"anon"}""")));
        Assert.Contains("agenthub keys agent", error.Message);
        Assert.Throws<ArgumentException>(() => AgentIdentity.FromToken("not-a-jwt"));
    }
}
