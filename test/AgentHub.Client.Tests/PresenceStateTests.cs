using System.Text.Json;
using AgentHub.Client.Realtime;

namespace AgentHub.Client.Tests;

public sealed class PresenceStateTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void State_then_diffs_track_metas_by_phx_ref_and_drop_empty_keys()
    {
        var presence = new PresenceState();
        presence.ApplyState(Json("""{"a":{"metas":[{"phx_ref":"1","name":"Ann"}]},"b":{"metas":[{"phx_ref":"2","name":"Bo"}]}}"""));
        presence.ApplyDiff(Json("""{"joins":{"a":{"metas":[{"phx_ref":"3","phx_ref_prev":"1","name":"Ann","status":"away"}]}},"leaves":{"a":{"metas":[{"phx_ref":"1"}]},"b":{"metas":[{"phx_ref":"2"}]}}}"""));

        var state = presence.Snapshot();
        Assert.Equal(["a"], state.Keys);
        Assert.Equal("away", Assert.Single(state["a"]).GetProperty("status").GetString());
    }

    [Fact]
    public void Diffs_before_the_state_of_the_current_join_are_queued_like_the_supabase_client_does()
    {
        var presence = new PresenceState();
        presence.Reset();
        presence.ApplyDiff(Json("""{"joins":{"c":{"metas":[{"phx_ref":"9","name":"Cy"}]}},"leaves":{}}"""));
        Assert.Empty(presence.Snapshot());

        presence.ApplyState(Json("""{"a":{"metas":[{"phx_ref":"1"}]}}"""));
        Assert.Equal(["a", "c"], presence.Snapshot().Keys.Order());
    }
}
