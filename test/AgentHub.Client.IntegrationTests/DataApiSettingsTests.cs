using System.Net;
using System.Text.Json;
using AgentHub.Testing;

namespace AgentHub.Client.IntegrationTests;

/// <summary>The data API's settings (AgentHub:Rest) reach a running hub.</summary>
public sealed class DataApiSettingsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Exposed_schemas_and_the_row_cap_follow_the_settings()
    {
        await using var hub = await HubInstance.StartAsync(postgres, "rest_settings", """
            create table public.items (id int primary key);
            insert into public.items select generate_series(1, 5);
            grant select on public.items to anon;
            """, options =>
            {
                options.Rest.Schemas = "public";
                options.Rest.MaxRows = 2;
            });
        using var http = new HttpClient { BaseAddress = hub.Server.ApiUrl };
        http.DefaultRequestHeaders.Add("apikey", hub.Server.Keys.Anon);

        var rows = JsonSerializer.Deserialize<JsonElement>(await http.GetStringAsync("rest/v1/items?select=id&order=id"));
        Assert.Equal([1, 2], rows.EnumerateArray().Select(r => r.GetProperty("id").GetInt32()));

        using var request = new HttpRequestMessage(HttpMethod.Get, "rest/v1/agents");
        request.Headers.Add("Accept-Profile", "agenthub");
        using var refused = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotAcceptable, refused.StatusCode);
        Assert.Equal("PGRST106", JsonSerializer.Deserialize<JsonElement>(await refused.Content.ReadAsStringAsync()).GetProperty("code").GetString());
    }
}
