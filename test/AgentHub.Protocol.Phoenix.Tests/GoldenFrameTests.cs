using System.Text.Json;
using static AgentHub.Protocol.Phoenix.Tests.TestBytes;

namespace AgentHub.Protocol.Phoenix.Tests;

/// <summary>The exact frames of docs/realtime-protocol.md, parsed and re-written byte for byte (vsn 2.0.0).</summary>
public sealed class GoldenFrameTests
{
    private static readonly PhoenixSerializer V2 = PhoenixV2Serializer.Instance;

    public static TheoryData<string, string?, string?, string, string> SpecFrames => new()
    {
        { Tests.SpecFrames.Join, "6", "6", "realtime:room1", "phx_join" },
        { Tests.SpecFrames.Heartbeat, null, "7", "phoenix", "heartbeat" },
        { Tests.SpecFrames.PresenceTrack, "6", "8", "realtime:room1", "presence" },
        { Tests.SpecFrames.AccessToken, "6", "9", "realtime:room1", "access_token" },
        { Tests.SpecFrames.Leave, "6", "10", "realtime:room1", "phx_leave" },
        { Tests.SpecFrames.JoinReply, "6", "6", "realtime:room1", "phx_reply" },
        { Tests.SpecFrames.HeartbeatReply, null, "7", "phoenix", "phx_reply" },
        { Tests.SpecFrames.PresenceStateEmpty, "6", null, "realtime:room1", "presence_state" },
        { Tests.SpecFrames.PresenceDiffEmpty, null, null, "realtime:room1", "presence_diff" },
        { Tests.SpecFrames.BroadcastText, null, null, "realtime:room1", "broadcast" },
        { Tests.SpecFrames.JoinReplyWithIds, "6", "6", "realtime:room1", "phx_reply" },
        { Tests.SpecFrames.JoinReplyError, "6", "6", "realtime:room1", "phx_reply" },
        { Tests.SpecFrames.LeaveRoom2, "10", "11", "realtime:room2", "phx_leave" },
        { Tests.SpecFrames.System, "6", null, "realtime:room1", "system" },
        { Tests.SpecFrames.PresenceTrackAnn, "6", "8", "realtime:room1", "presence" },
        { Tests.SpecFrames.PresenceUntrack, "6", "9", "realtime:room1", "presence" },
        { Tests.SpecFrames.PresenceStatePretty, "6", null, "realtime:room1", "presence_state" },
        { Tests.SpecFrames.PresenceDiffPretty, null, null, "realtime:room1", "presence_diff" },
        { Tests.SpecFrames.PostgresChangesPretty, null, null, "realtime:room:42", "postgres_changes" },
        { Tests.SpecFrames.SessionJoin, "1", "1", "realtime:room:42", "phx_join" },
        { Tests.SpecFrames.SessionJoinReply, "1", "1", "realtime:room:42", "phx_reply" },
        { Tests.SpecFrames.SessionPresenceState, "1", null, "realtime:room:42", "presence_state" },
        { Tests.SpecFrames.SessionSystem, "1", null, "realtime:room:42", "system" },
        { Tests.SpecFrames.SessionAccessToken, "1", "2", "realtime:room:42", "access_token" },
        { Tests.SpecFrames.SessionTrack, "1", "3", "realtime:room:42", "presence" },
        { Tests.SpecFrames.SessionTrackReply, "1", "3", "realtime:room:42", "phx_reply" },
        { Tests.SpecFrames.SessionPresenceDiff, null, null, "realtime:room:42", "presence_diff" },
        { Tests.SpecFrames.SessionPostgresChanges, null, null, "realtime:room:42", "postgres_changes" },
        { Tests.SpecFrames.SessionHeartbeat, null, "5", "phoenix", "heartbeat" },
        { Tests.SpecFrames.SessionHeartbeatReply, null, "5", "phoenix", "phx_reply" },
        { Tests.SpecFrames.SessionLeave, "1", "6", "realtime:room:42", "phx_leave" },
        { Tests.SpecFrames.SessionLeaveReply, "1", "6", "realtime:room:42", "phx_reply" },
        { Tests.SpecFrames.SessionClose, "1", "1", "realtime:room:42", "phx_close" },
    };

    [Theory]
    [MemberData(nameof(SpecFrames))]
    public void Spec_frame_parses_to_its_fields_with_the_payload_bytes_untouched(string frame, string? joinRef, string? @ref, string topic, string @event)
    {
        var result = V2.Parse(Utf8(frame));

        Assert.True(result.IsSuccess, result.ToString());
        var message = result.Value;
        Assert.Equal(joinRef, message.JoinRef);
        Assert.Equal(@ref, message.Ref);
        Assert.Equal(topic, message.Topic);
        Assert.Equal(@event, message.Event);
        Assert.Equal(PayloadText(frame, @event), Text(message.Payload));
    }

    [Theory]
    [MemberData(nameof(SpecFrames))]
    public void Spec_frame_is_rewritten_byte_for_byte_from_its_fields(string frame, string? joinRef, string? @ref, string topic, string @event)
    {
        var written = Write(output => V2.WritePush(output, joinRef, @ref, topic, @event, Utf8(PayloadText(frame, @event))));

        Assert.Equal(frame, written);
    }

    [Theory]
    [InlineData(Tests.SpecFrames.JoinReply, "6", "6", "realtime:room1", PhoenixReplyStatus.Ok, """{"postgres_changes":[]}""")]
    [InlineData(Tests.SpecFrames.HeartbeatReply, null, "7", "phoenix", PhoenixReplyStatus.Ok, "")]
    [InlineData(Tests.SpecFrames.JoinReplyWithIds, "6", "6", "realtime:room1", PhoenixReplyStatus.Ok, """{"postgres_changes":[{"id":31245811,"event":"INSERT","schema":"public","table":"todos","filter":"id=eq.1"}]}""")]
    [InlineData(Tests.SpecFrames.JoinReplyError, "6", "6", "realtime:room1", PhoenixReplyStatus.Error, """{"reason":"Unauthorized: You do not have permissions to read from this Channel topic: room1"}""")]
    [InlineData(Tests.SpecFrames.SessionJoinReply, "1", "1", "realtime:room:42", PhoenixReplyStatus.Ok, """{"postgres_changes":[{"id":31245811,"event":"INSERT","schema":"public","table":"messages","filter":"room_id=eq.42"}]}""")]
    [InlineData(Tests.SpecFrames.SessionTrackReply, "1", "3", "realtime:room:42", PhoenixReplyStatus.Ok, "{}")]
    [InlineData(Tests.SpecFrames.SessionHeartbeatReply, null, "5", "phoenix", PhoenixReplyStatus.Ok, "{}")]
    [InlineData(Tests.SpecFrames.SessionLeaveReply, "1", "6", "realtime:room:42", PhoenixReplyStatus.Ok, "")]
    public void Reply_helper_writes_the_spec_reply_exactly(string expected, string? joinRef, string? @ref, string topic, PhoenixReplyStatus status, string response)
    {
        var written = Write(output => V2.WriteReply(output, joinRef, @ref, topic, status, Utf8(response)));
        var serialized = V2.SerializeReply(joinRef, @ref, topic, status, Utf8(response));

        Assert.Equal(expected, written);
        Assert.Equal(PhoenixFrameType.Text, serialized.Type);
        Assert.Equal(expected, Text(serialized.Bytes));
    }

    [Fact]
    public void Text_broadcast_is_built_from_the_envelope_helper_and_a_pre_serialized_push()
    {
        var payload = PhoenixBroadcastPayload.Create("cursor", """{"x":3}"""u8, default);
        var frame = V2.SerializePush(null, null, "realtime:room1", PhoenixEventNames.Broadcast, payload);

        Assert.Equal(Tests.SpecFrames.BroadcastText, Text(frame.Bytes));
    }

    [Fact]
    public void Heartbeat_parses_with_shared_event_and_topic_instances()
    {
        var message = V2.Parse(Utf8(Tests.SpecFrames.Heartbeat)).Value!;

        Assert.Same(PhoenixEventNames.Heartbeat, message.Event);
        Assert.Same(PhoenixEventNames.PhoenixTopic, message.Topic);
        Assert.Null(message.JoinRef);
    }

    [Fact]
    public void Join_payload_is_the_raw_config_json_ready_for_a_handler_to_read()
    {
        var message = V2.Parse(Utf8(Tests.SpecFrames.SessionJoin)).Value!;

        using var document = JsonDocument.Parse(message.Payload);
        var config = document.RootElement.GetProperty("config");
        Assert.True(config.GetProperty("broadcast").GetProperty("self").GetBoolean());
        Assert.Equal("user-7", config.GetProperty("presence").GetProperty("key").GetString());
        Assert.Equal("room_id=eq.42", config.GetProperty("postgres_changes")[0].GetProperty("filter").GetString());
        Assert.Equal("<user jwt>", document.RootElement.GetProperty("access_token").GetString());
    }

    [Fact]
    public void Postgres_changes_payload_keeps_ids_as_numbers_and_record_values_typed()
    {
        var message = V2.Parse(Utf8(Tests.SpecFrames.PostgresChangesPretty)).Value!;

        using var document = JsonDocument.Parse(message.Payload);
        Assert.Equal(31245811, document.RootElement.GetProperty("ids")[0].GetInt64());
        var data = document.RootElement.GetProperty("data");
        Assert.Equal("UPDATE", data.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Array, data.GetProperty("record").GetProperty("tags").ValueKind);
        Assert.Equal(JsonValueKind.Null, data.GetProperty("errors").ValueKind);
    }

    [Fact]
    public void Serialized_push_owns_an_exact_size_array_that_recipients_can_share()
    {
        var frame = V2.SerializePush(null, null, "realtime:room:42", PhoenixEventNames.PresenceDiff, """{"joins":{},"leaves":{}}"""u8);
        var written = Write(output => V2.WritePush(output, null, null, "realtime:room:42", PhoenixEventNames.PresenceDiff, """{"joins":{},"leaves":{}}"""u8));

        // Not a slice of a pooled buffer: the array is exactly the frame, so it is never recycled under a queue.
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(frame.Bytes, out var segment));
        Assert.Equal(0, segment.Offset);
        Assert.Equal(segment.Array!.Length, frame.Bytes.Length);
        Assert.Equal("""[null,null,"realtime:room:42","presence_diff",{"joins":{},"leaves":{}}]""", Text(frame.Bytes));
        Assert.Equal(written, Text(frame.Bytes));
    }

    /// <summary>The text between <c>"event",</c> and the closing bracket: the payload as it sits in the frame.</summary>
    private static string PayloadText(string frame, string @event)
    {
        var marker = $"\"{@event}\",";
        var start = frame.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return frame[start..frame.LastIndexOf(']')];
    }
}
