using System.Net;
using AgentHub.Testing;

namespace AgentHub.Auth.Tests;

/// <summary>POST /token?grant_type=refresh_token: rotation, GoTrue's reuse rules and reuse detection.</summary>
public sealed class RefreshTests(AuthHubFixture fixture) : IClassFixture<AuthHubFixture>
{
    private AuthHub Hub => fixture.Hub;

    [Fact]
    public async Task Refresh_rotates_the_token_within_the_same_session()
    {
        var signup = await Hub.SignUpAsync();
        var refreshed = await Hub.Client.RefreshAsync(signup.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.NotEqual(signup.RefreshToken, refreshed.RefreshToken);
        Assert.Equal(SessionOf(signup), SessionOf(refreshed));
        Assert.Equal(signup.UserId, refreshed.UserId);
        var db = Hub.Database;
        Assert.True(await Sql.ScalarAsync<bool>(db, "select revoked from auth.refresh_tokens where token = $1", signup.RefreshToken));
        Assert.Equal(signup.RefreshToken, await Sql.ScalarAsync<string>(db, "select parent from auth.refresh_tokens where token = $1 and not revoked", refreshed.RefreshToken));
        Assert.True(await Sql.ScalarAsync<bool>(db, "select refreshed_at is not null from auth.sessions where id = $1", SessionOf(refreshed)));

        // The original sign-in time stays in amr; iat moves on.
        var before = TokenTests.Decode(signup.AccessToken.Split('.')[1]);
        var after = TokenTests.Decode(refreshed.AccessToken.Split('.')[1]);
        Assert.Equal(before.GetProperty("amr").GetRawText(), after.GetProperty("amr").GetRawText());
        Assert.True(after.GetProperty("iat").GetInt64() >= before.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task A_refresh_carries_the_metadata_as_it_is_now()
    {
        var signup = await Hub.SignUpAsync();
        var update = await Hub.Client.SendAsync(HttpMethod.Put, "/user", new { data = new { theme = "dark" } }, bearer: signup.AccessToken);
        Assert.Equal(HttpStatusCode.OK, update.Status);
        var refreshed = await Hub.Client.RefreshAsync(signup.RefreshToken);
        var claims = TokenTests.Decode(refreshed.AccessToken.Split('.')[1]);
        Assert.Equal("dark", claims.GetProperty("user_metadata").GetProperty("theme").GetString());
    }

    [Fact]
    public async Task The_parent_of_the_active_token_gets_the_active_token_again()
    {
        // The client refreshed but crashed before storing the answer, and retries with the old token.
        var signup = await Hub.SignUpAsync();
        var first = await Hub.Client.RefreshAsync(signup.RefreshToken);
        await Backdate(signup.RefreshToken);
        var retry = await Hub.Client.RefreshAsync(signup.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.Equal(first.RefreshToken, retry.RefreshToken);
        Assert.Equal(1L, await Sql.ScalarAsync<long>(Hub.Database, "select count(*) from auth.refresh_tokens where session_id = $1 and not revoked", SessionOf(signup)));
    }

    [Fact]
    public async Task A_spent_token_within_the_reuse_interval_is_still_swapped()
    {
        // Two tabs refreshing at once: A -> B, then A's grandchild C exists, and B comes back within seconds.
        var signup = await Hub.SignUpAsync();
        var b = await Hub.Client.RefreshAsync(signup.RefreshToken);
        var c = await Hub.Client.RefreshAsync(b.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, c.Status);
        var reused = await Hub.Client.RefreshAsync(signup.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, reused.Status);
        Assert.Equal(SessionOf(signup), SessionOf(reused));
    }

    [Fact]
    public async Task Reusing_a_spent_token_later_is_refused_and_revokes_the_whole_session_family()
    {
        var signup = await Hub.SignUpAsync();
        var b = await Hub.Client.RefreshAsync(signup.RefreshToken);
        var c = await Hub.Client.RefreshAsync(b.RefreshToken);
        await Backdate(signup.RefreshToken);
        await Backdate(b.RefreshToken);

        var stolen = await Hub.Client.RefreshAsync(signup.RefreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, stolen.Status);
        Assert.Equal(("refresh_token_already_used", "Invalid Refresh Token: Already Used"), stolen.Error);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(Hub.Database, "select count(*) from auth.refresh_tokens where session_id = $1 and not revoked", SessionOf(signup)));

        // The legitimate holder's newest token is dead too, even presented at once.
        var legitimate = await Hub.Client.RefreshAsync(c.RefreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, legitimate.Status);
        Assert.Equal("refresh_token_already_used", legitimate.Error.Code);

        // Other sessions of the user are untouched.
        var other = await Hub.Client.SignInAsync(signup.Json.GetProperty("user").GetProperty("email").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await Hub.Client.RefreshAsync(other.RefreshToken)).Status);
    }

    [Fact]
    public async Task Concurrent_refreshes_of_one_token_all_succeed_with_one_new_token()
    {
        var signup = await Hub.SignUpAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Hub.Client.RefreshAsync(signup.RefreshToken)));
        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Single(results.Select(r => r.RefreshToken).Distinct());
    }

    [Fact]
    public async Task A_signed_out_session_cannot_be_refreshed()
    {
        var signup = await Hub.SignUpAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await Hub.Client.LogoutAsync(signup.AccessToken)).Status);
        var response = await Hub.Client.RefreshAsync(signup.RefreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found"), response.Error);
    }

    [Fact]
    public async Task An_expired_session_is_session_expired()
    {
        var signup = await Hub.SignUpAsync();
        await Sql.ScalarAsync<object>(Hub.Database, "update auth.sessions set not_after = now() - interval '1 minute' where id = $1", SessionOf(signup));
        var response = await Hub.Client.RefreshAsync(signup.RefreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(("session_expired", "Invalid Refresh Token: Session Expired"), response.Error);
    }

    [Fact]
    public async Task A_banned_user_cannot_refresh()
    {
        var signup = await Hub.SignUpAsync();
        await Hub.Client.SendAsync(HttpMethod.Put, $"/admin/users/{signup.UserId}", new { ban_duration = "1h" }, bearer: Hub.ServiceKey);
        var response = await Hub.Client.RefreshAsync(signup.RefreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("user_banned", response.Error.Code);
    }

    [Fact]
    public async Task A_token_of_a_deleted_user_is_not_found()
    {
        var signup = await Hub.SignUpAsync();
        Assert.Equal(HttpStatusCode.OK, (await Hub.Client.SendAsync(HttpMethod.Delete, $"/admin/users/{signup.UserId}", new { should_soft_delete = false }, bearer: Hub.ServiceKey)).Status);
        var response = await Hub.Client.RefreshAsync(signup.RefreshToken);
        Assert.Equal("refresh_token_not_found", response.Error.Code);
    }

    private static Guid SessionOf(AuthResponse response) =>
        Guid.Parse(TokenTests.Decode(response.AccessToken.Split('.')[1]).GetProperty("session_id").GetString()!);

    /// <summary>Moves a token's last change beyond the 10 s reuse interval.</summary>
    private Task Backdate(string token) =>
        Sql.ScalarAsync<object>(Hub.Database, "update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1", token);
}
