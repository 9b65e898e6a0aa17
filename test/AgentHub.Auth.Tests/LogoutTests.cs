using System.Net;
using AgentHub.Testing;

namespace AgentHub.Auth.Tests;

/// <summary>POST /logout with each scope.</summary>
public sealed class LogoutTests(AuthHubFixture fixture) : IClassFixture<AuthHubFixture>
{
    private AuthHub Hub => fixture.Hub;

    /// <summary>Three sessions of one user: the one signing out, and two others.</summary>
    private async Task<(Guid UserId, AuthResponse Mine, AuthResponse[] Others)> ThreeSessionsAsync()
    {
        var email = AuthHub.NewEmail();
        var mine = await Hub.SignUpAsync(email);
        var others = new[] { await Hub.Client.SignInAsync(email), await Hub.Client.SignInAsync(email) };
        return (mine.UserId, mine, others);
    }

    private Task<long> SessionCount(Guid userId) => Sql.ScalarAsync<long>(Hub.Database, "select count(*) from auth.sessions where user_id = $1", userId);

    [Theory]
    [InlineData(null)]
    [InlineData("global")]
    public async Task Global_sign_out_ends_every_session_of_the_user(string? scope)
    {
        var (userId, mine, others) = await ThreeSessionsAsync();
        var response = await Hub.Client.LogoutAsync(mine.AccessToken, scope);
        Assert.Equal(HttpStatusCode.NoContent, response.Status);
        Assert.Equal("", response.Text);
        Assert.Equal(0L, await SessionCount(userId));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(Hub.Database, "select count(*) from auth.refresh_tokens where user_id = $1::text", userId));
        Assert.Equal("refresh_token_not_found", (await Hub.Client.RefreshAsync(others[0].RefreshToken)).Error.Code);
    }

    [Fact]
    public async Task Local_sign_out_ends_only_this_session()
    {
        var (userId, mine, others) = await ThreeSessionsAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await Hub.Client.LogoutAsync(mine.AccessToken, "local")).Status);
        Assert.Equal(2L, await SessionCount(userId));
        Assert.Equal("session_not_found", (await Hub.Client.GetUserAsync(mine.AccessToken)).Error.Code);
        Assert.Equal(HttpStatusCode.OK, (await Hub.Client.GetUserAsync(others[1].AccessToken)).Status);
    }

    [Fact]
    public async Task Others_sign_out_keeps_only_this_session()
    {
        var (userId, mine, others) = await ThreeSessionsAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await Hub.Client.LogoutAsync(mine.AccessToken, "others")).Status);
        Assert.Equal(1L, await SessionCount(userId));
        Assert.Equal(HttpStatusCode.OK, (await Hub.Client.GetUserAsync(mine.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Hub.Client.RefreshAsync(mine.RefreshToken)).Status);
        Assert.Equal("session_not_found", (await Hub.Client.GetUserAsync(others[0].AccessToken)).Error.Code);
    }

    [Fact]
    public async Task An_unknown_scope_is_validation_failed_and_ends_nothing()
    {
        var (userId, mine, _) = await ThreeSessionsAsync();
        var response = await Hub.Client.LogoutAsync(mine.AccessToken, "everything");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(("validation_failed", "Unsupported logout scope \"everything\""), response.Error);
        Assert.Equal(3L, await SessionCount(userId));
    }

    [Fact]
    public async Task Signing_out_twice_is_403_session_not_found_which_clients_ignore()
    {
        var signup = await Hub.SignUpAsync();
        await Hub.Client.LogoutAsync(signup.AccessToken, "local");
        var again = await Hub.Client.LogoutAsync(signup.AccessToken, "local");
        Assert.Equal(HttpStatusCode.Forbidden, again.Status);
        Assert.Equal("session_not_found", again.Error.Code);
    }

    [Fact]
    public async Task Sign_out_needs_a_user_token()
    {
        var response = await Hub.Client.SendAsync(HttpMethod.Post, "/logout", bearer: AuthClient.None);
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("no_authorization", response.Error.Code);
    }
}
