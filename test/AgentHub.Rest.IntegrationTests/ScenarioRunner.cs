using AgentHub.Testing;

namespace AgentHub.Rest.IntegrationTests;

/// <summary>Runs a <see cref="Scenario"/> against a <see cref="RestHub"/> and asserts every expectation.</summary>
public static class ScenarioRunner
{
    public static readonly Guid Alice = Guid.Parse("11111111-1111-1111-1111-111111111111");
    public static readonly Guid Bob = Guid.Parse("22222222-2222-2222-2222-222222222222");

    public static async Task RunAsync(RestHub hub, Scenario s)
    {
        if (s.Setup is not null)
        {
            await Testing.Sql.ExecuteAsync(hub.Database, s.Setup);
        }

        var token = s.As switch
        {
            "anon" or "none" => hub.Keys.Anon,
            "service" => hub.Keys.ServiceRole,
            "alice" => RestHub.UserToken(Alice),
            "bob" => RestHub.UserToken(Bob),
            var raw => raw,
        };
        var headers = s.Headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value));
        var response = await hub.SendAsync(s.Method, s.Url, s.Body, token, headers, s.ApiKey, noAuth: s.As == "none");

        Assert.True(s.Status == response.Status, $"{s.Name}: expected {s.Status}, got {response}");
        if (s.Exact is not null)
        {
            // json_agg separates elements with ", \n " (PostgREST's bodies look the same); rows compare without it.
            Assert.Equal(s.Exact, response.Body.Replace(", \n ", ", ", StringComparison.Ordinal));
        }

        foreach (var text in s.Contains)
        {
            Assert.True(response.Body.Contains(text, StringComparison.Ordinal), $"{s.Name}: body lacks {text}: {response.Body}");
        }

        foreach (var text in s.NotContains)
        {
            Assert.False(response.Body.Contains(text, StringComparison.Ordinal), $"{s.Name}: body has {text}: {response.Body}");
        }

        foreach (var (name, value) in s.ExpectHeaders)
        {
            Assert.True(value == response.Header(name), $"{s.Name}: header {name} expected '{value}', got '{response.Header(name)}'");
        }

        foreach (var (sql, expected) in s.After)
        {
            var actual = await Testing.Sql.ScalarAsync<string>(hub.Database, sql);
            Assert.True(expected == actual, $"{s.Name}: {sql} expected '{expected}', got '{actual}'");
        }
    }
}
