using AgentHub.Realtime.Tests.Support;

namespace AgentHub.Realtime.Tests.Sessions;

/// <summary>Per-channel tokens at join and the access_token refresh (docs/realtime-protocol.md 1.3 and 7.1).</summary>
public sealed class AccessTokenTests : IAsyncLifetime
{
    private readonly PipeHub _hub = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    private TestTokens Tokens => _hub.Tokens;

    public static TheoryData<string, string, string> BadJoinTokens()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var vsn in new[] { Vsn.V1, Vsn.V2 })
        {
            data.Add(vsn, TestTokens.Default.ExpiredSecondsAgo(120), @"^InvalidJWTToken: Token has expired 1\d\d seconds ago$");
            data.Add(vsn, TestTokens.Default.ExpiredSecondsAgo(5), @"^InvalidJWTToken: Token has expired \d+ seconds ago$");
            data.Add(vsn, TestTokens.Default.WithoutExp(), "^InvalidJWTToken: Fields `role` and `exp` are required in JWT$");
            data.Add(vsn, TestTokens.Default.WithoutRole(), "^InvalidJWTToken: Fields `role` and `exp` are required in JWT$");
            data.Add(vsn, TestTokens.WrongSignature(), "^JwtSignatureError: Failed to validate JWT signature$");
            data.Add(vsn, "not-a-jwt", "^MalformedJWT: The token provided is not a valid JWT$");
            data.Add(vsn, "a.b.c", "^MalformedJWT: The token provided is not a valid JWT$");
        }

        return data;
    }

    [Theory, MemberData(nameof(BadJoinTokens))]
    public async Task Joins_with_a_bad_channel_token_are_refused_with_the_Supabase_reason(string vsn, string token, string reasonPattern)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var (reply, _) = await client.JoinAsync("realtime:guarded", accessToken: token);
        Assert.Equal("error", reply.Status);
        Assert.Matches(reasonPattern, reply.Response.GetProperty("reason").GetString());
        await client.HeartbeatAsync();
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Opaque_sb_keys_and_absent_tokens_fall_back_to_the_connection_token(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var (withKey, _) = await client.JoinAsync("realtime:opaque", accessToken: "sb_publishable_abc123");
        Assert.Equal("ok", withKey.Status);
        var (without, _) = await client.JoinAsync("realtime:absent");
        Assert.Equal("ok", without.Status);
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task A_valid_refresh_is_silent_and_moves_the_channel_to_the_new_identity(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var joinRef = await client.JoinOkAsync("realtime:refresh", accessToken: Tokens.User("u1", TimeSpan.FromMinutes(5)));
        var member = _hub.Hub.Channels.Find(new ChannelKey("realtime:refresh", false))!.Members.Single();
        Assert.Equal("u1", member.Token.Subject);

        var fresh = Tokens.User("u2", TimeSpan.FromMinutes(30));
        await client.PushAsync(joinRef, "9", "realtime:refresh", "access_token", $$"""{"access_token":"{{fresh}}"}""");
        await client.ExpectSilenceAsync(TimeSpan.FromMilliseconds(250));
        Assert.Equal("u2", member.Token.Subject);

        // null, sb_ keys and the same token again are ignored.
        await client.PushAsync(joinRef, "10", "realtime:refresh", "access_token", """{"access_token":null}""");
        await client.PushAsync(joinRef, "11", "realtime:refresh", "access_token", """{"access_token":"sb_publishable_x"}""");
        await client.PushAsync(joinRef, "12", "realtime:refresh", "access_token", $$"""{"access_token":"{{fresh}}"}""");
        await client.ExpectSilenceAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal("u2", member.Token.Subject);
        Assert.False(member.IsClosed);
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task An_expired_refresh_closes_the_channel_with_a_system_error_then_phx_close(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var joinRef = await client.JoinOkAsync("realtime:refresh2");
        await client.PushAsync(joinRef, "9", "realtime:refresh2", "access_token", $$"""{"access_token":"{{Tokens.ExpiredSecondsAgo(60)}}"}""");
        var system = await client.ReceiveAsync();
        Assert.Equal(("system", joinRef, (string?)null), (system.Event, system.JoinRef, system.Ref));
        Assert.Equal("system", system.Payload.GetProperty("extension").GetString());
        Assert.Equal("error", system.Payload.GetProperty("status").GetString());
        Assert.Equal("refresh2", system.Payload.GetProperty("channel").GetString());
        Assert.StartsWith("Token has expired 6", system.Payload.GetProperty("message").GetString());
        var close = await client.ReceiveAsync();
        Assert.Equal(("phx_close", joinRef, joinRef), (close.Event, close.JoinRef, close.Ref));
        Assert.Equal(0, _hub.Metrics.Channels);
        await client.HeartbeatAsync();
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task A_refresh_without_role_or_exp_closes_the_channel(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var joinRef = await client.JoinOkAsync("realtime:refresh3");
        await client.PushAsync(joinRef, "9", "realtime:refresh3", "access_token", $$"""{"access_token":"{{Tokens.WithoutExp()}}"}""");
        var system = await client.ReceiveAsync();
        Assert.Equal("Fields `role` and `exp` are required in JWT", system.Payload.GetProperty("message").GetString());
        Assert.Equal("phx_close", (await client.ReceiveAsync()).Event);
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task A_channel_token_that_expires_closes_the_channel_at_its_exp(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var shortLived = Tokens.User("brief", TimeSpan.FromSeconds(2));
        var joinRef = await client.JoinOkAsync("realtime:expiring", accessToken: shortLived);
        await client.JoinOkAsync("realtime:staying");
        var system = await client.WaitForAsync(f => f.Event == "system", TimeSpan.FromSeconds(6));
        Assert.Equal(joinRef, system.JoinRef);
        Assert.StartsWith("Token has expired ", system.Payload.GetProperty("message").GetString());
        var close = await client.ReceiveAsync();
        Assert.Equal(("phx_close", "realtime:expiring"), (close.Event, close.Topic));
        Assert.Equal(1, _hub.Metrics.Channels);
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task A_refresh_before_expiry_keeps_the_channel_open(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var joinRef = await client.JoinOkAsync("realtime:renewed", accessToken: Tokens.User("r", TimeSpan.FromSeconds(2)));
        await client.PushAsync(joinRef, "5", "realtime:renewed", "access_token", $$"""{"access_token":"{{Tokens.User("r", TimeSpan.FromHours(1))}}"}""");
        await client.ExpectSilenceAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(1, _hub.Metrics.Channels);
    }
}
