using System.Net.Http.Json;
using System.Text.Json;

namespace AgentHub.Client.IntegrationTests;

/// <summary>A user signed up through the hub's /auth/v1, the way an app's users get their tokens.</summary>
internal sealed record SignedInUser(Guid Id, string AccessToken)
{
    public static async Task<SignedInUser> SignUpAsync(HubInstance hub, string name)
    {
        using var http = new HttpClient { BaseAddress = hub.Server.ApiUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "auth/v1/signup")
        {
            Content = JsonContent.Create(new { email = $"{name}-{Guid.NewGuid():N}@example.test", password = "correct horse battery" }),
        };
        request.Headers.Add("apikey", hub.Server.Keys.Anon);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var session = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new SignedInUser(session.GetProperty("user").GetProperty("id").GetGuid(), session.GetProperty("access_token").GetString()!);
    }
}
