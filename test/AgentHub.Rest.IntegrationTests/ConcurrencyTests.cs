namespace AgentHub.Rest.IntegrationTests;

/// <summary>Many requests at once share the pool without leaking roles or settings between transactions.</summary>
public sealed class ConcurrencyTests(NotesFixture fixture) : IClassFixture<NotesFixture>
{
    [Fact]
    public async Task Concurrent_users_each_see_only_their_rows()
    {
        var hub = fixture.Hub;
        var alice = RestHub.UserToken(ScenarioRunner.Alice);
        var bob = RestHub.UserToken(ScenarioRunner.Bob);
        var tasks = Enumerable.Range(0, 60).Select(async i =>
        {
            var (token, who) = (i % 3) switch { 0 => (alice, "alice"), 1 => (bob, "bob"), _ => (hub.Keys.Anon, "anon") };
            var response = await hub.SendAsync("GET", "notes?select=body&body=like.*secret*", token: token);
            Assert.Equal(200, response.Status);
            return (who, response.Body);
        });

        foreach (var (who, body) in await Task.WhenAll(tasks))
        {
            switch (who)
            {
                case "alice":
                    Assert.Equal("""[{"body":"alice secret"}]""", body);
                    break;
                case "bob":
                    Assert.Equal("""[{"body":"bob secret"}]""", body);
                    break;
                default:
                    Assert.Equal("[]", body);
                    break;
            }
        }
    }
}
