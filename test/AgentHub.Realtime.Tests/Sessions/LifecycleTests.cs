using AgentHub.Realtime.Tests.Support;

namespace AgentHub.Realtime.Tests.Sessions;

/// <summary>Hub-level lifecycle: shutdown, options validation.</summary>
public sealed class LifecycleTests
{
    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Shutdown_closes_every_connection_with_1001_after_flushing_its_queue(string vsn)
    {
        await using var hub = new PipeHub();
        var first = await hub.ConnectAsync(vsn);
        var second = await hub.ConnectAsync(vsn);
        await first.JoinOkAsync("realtime:bye", presence: true, presenceKey: "a");
        await second.JoinOkAsync("realtime:bye");

        hub.Hub.Shutdown();
        foreach (var client in new[] { first, second })
        {
            var (status, reason) = await client.Closed.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal((1001, "server shutting down"), (status, reason));
            await client.ServerDone.WaitAsync(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(0, hub.Metrics.Connections);
        Assert.Equal(0, hub.Metrics.Channels);
    }

    [Fact]
    public void Options_validation_names_each_bad_setting()
    {
        Assert.Empty(new RealtimeOptions().Validate());
        var errors = new RealtimeOptions { MaxConnections = 0, MaxOutboundFrames = 1, IdleTimeout = TimeSpan.Zero }.Validate();
        Assert.Contains(errors, e => e.Contains("AgentHub:Realtime:MaxConnections", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("AgentHub:Realtime:MaxOutboundFrames", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("IdleTimeout", StringComparison.Ordinal));
    }
}
