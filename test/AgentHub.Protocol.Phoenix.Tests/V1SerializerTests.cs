using static AgentHub.Protocol.Phoenix.Tests.TestBytes;

namespace AgentHub.Protocol.Phoenix.Tests;

/// <summary>vsn 1.0.0 object frames (docs/realtime-protocol.md section 2.4).</summary>
public sealed class V1SerializerTests
{
    private static readonly PhoenixSerializer V1 = PhoenixV1Serializer.Instance;

    [Fact]
    public void Parses_a_client_push_in_phoenix_js_key_order_without_join_ref()
    {
        // phoenix.js v1 sends {topic, event, payload, ref}; join_ref is absent on the socket topic.
        var result = V1.Parse(Utf8("""{"topic":"phoenix","event":"heartbeat","payload":{},"ref":"7"}"""));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Null(result.Value.JoinRef);
        Assert.Equal("7", result.Value.Ref);
        Assert.Same(PhoenixEventNames.PhoenixTopic, result.Value.Topic);
        Assert.Same(PhoenixEventNames.Heartbeat, result.Value.Event);
        Assert.Equal("{}", Text(result.Value.Payload));
    }

    [Fact]
    public void Parses_a_join_with_every_field_and_keeps_the_payload_raw()
    {
        const string payload = """{"config":{"broadcast":{"ack":false,"self":false},"presence":{"key":"","enabled":false},"postgres_changes":[],"private":false}}""";
        var frame = $$"""{"topic":"realtime:room1","event":"phx_join","payload":{{payload}},"ref":"6","join_ref":"6"}""";

        var message = V1.Parse(Utf8(frame)).Value!;

        Assert.Equal("6", message.JoinRef);
        Assert.Equal("6", message.Ref);
        Assert.Equal("realtime:room1", message.Topic);
        Assert.Equal(PhoenixEventNames.PhxJoin, message.Event);
        Assert.Equal(payload, Text(message.Payload));
    }

    [Fact]
    public void Writes_all_five_keys_in_order_with_nulls()
    {
        var written = Write(output => V1.WriteReply(output, null, "7", "phoenix", PhoenixReplyStatus.Ok, default));

        Assert.Equal("""{"join_ref":null,"ref":"7","topic":"phoenix","event":"phx_reply","payload":{"status":"ok","response":{}}}""", written);
    }

    [Fact]
    public void Writes_a_fan_out_broadcast_with_null_refs()
    {
        var payload = PhoenixBroadcastPayload.Create("cursor", """{"x":1}"""u8, default);

        var frame = V1.SerializePush(null, null, "realtime:room1", PhoenixEventNames.Broadcast, payload);

        Assert.Equal(PhoenixFrameType.Text, frame.Type);
        Assert.Equal("""{"join_ref":null,"ref":null,"topic":"realtime:room1","event":"broadcast","payload":{"type":"broadcast","event":"cursor","payload":{"x":1}}}""", Text(frame.Bytes));
    }

    [Fact]
    public void Ignores_unknown_properties_of_any_shape()
    {
        var result = V1.Parse(Utf8("""{"x":{"y":[1,{"z":null}]},"topic":"t","event":"e","payload":{"a":1},"extra":"s","n":-1.5e3}"""));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("""{"a":1}""", Text(result.Value.Payload));
    }

    [Fact]
    public void A_repeated_property_takes_its_last_value()
    {
        var result = V1.Parse(Utf8("""{"topic":"a","event":"e","payload":{"first":1},"topic":"b","payload":[2]}"""));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("b", result.Value.Topic);
        Assert.Equal("[2]", Text(result.Value.Payload));
    }

    [Fact]
    public void Escaped_property_names_are_recognised()
    {
        var result = V1.Parse(Utf8("""{"\u0074opic":"t","ev\u0065nt":"e","payload":{},"join\u005fref":"3"}"""));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("t", result.Value.Topic);
        Assert.Equal("e", result.Value.Event);
        Assert.Equal("3", result.Value.JoinRef);
    }

    [Theory]
    [InlineData("""{"event":"e","payload":{}}""", "topic")]
    [InlineData("""{"topic":"t","payload":{}}""", "event")]
    [InlineData("""{"topic":"t","event":"e"}""", "payload")]
    [InlineData("{}", "topic")]
    public void Missing_required_property_is_reported_by_name(string frame, string property)
    {
        var result = V1.Parse(Utf8(frame));

        Assert.False(result.IsSuccess);
        Assert.Equal(PhoenixParseErrorCode.MissingField, result.Error.Code);
        Assert.Contains($"\"{property}\"", result.Error.Message, StringComparison.Ordinal);
    }
}
