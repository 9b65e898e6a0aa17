using System.Text;
using static AgentHub.Protocol.Phoenix.Tests.TestBytes;

namespace AgentHub.Protocol.Phoenix.Tests;

/// <summary>The named limits of <see cref="PhoenixLimits"/>, at and just past each bound.</summary>
public sealed class LimitTests
{
    public static TheoryData<string> Versions => RoundTripTests.Versions;

    [Fact]
    public void Limits_have_the_documented_values()
    {
        Assert.Equal(5_000_000, PhoenixLimits.MaxFrameBytes);
        Assert.Equal(255, PhoenixLimits.MaxTopicBytes);
        Assert.Equal(255, PhoenixLimits.MaxEventBytes);
        Assert.Equal(255, PhoenixLimits.MaxRefBytes);
        Assert.Equal(255, PhoenixLimits.MaxMetadataBytes);
        Assert.Equal(64, PhoenixLimits.MaxJsonDepth);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Topic_is_limited_in_utf8_bytes(string vsn)
    {
        var serializer = RoundTripTests.Serializer(vsn);

        Assert.True(Parse(serializer, topic: new string('t', 255)).IsSuccess);
        Assert.Equal(PhoenixParseErrorCode.TopicTooLong, Parse(serializer, topic: new string('t', 256)).Error.Code);

        // 85 x U+20AC is 255 bytes; 86 is 258 bytes although only 86 characters.
        Assert.True(Parse(serializer, topic: new string('\u20ac', 85)).IsSuccess);
        Assert.Equal(PhoenixParseErrorCode.TopicTooLong, Parse(serializer, topic: new string('\u20ac', 86)).Error.Code);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Escaped_topic_is_measured_after_unescaping(string vsn)
    {
        var serializer = RoundTripTests.Serializer(vsn);
        var escaped255 = string.Concat(Enumerable.Repeat("\\u0061", 255));
        var escaped256 = string.Concat(Enumerable.Repeat("\\u0061", 256));

        var ok = ParseRaw(serializer, topicJson: escaped255);
        Assert.True(ok.IsSuccess, ok.ToString());
        Assert.Equal(new string('a', 255), ok.Value.Topic);
        Assert.Equal(PhoenixParseErrorCode.TopicTooLong, ParseRaw(serializer, topicJson: escaped256).Error.Code);
        Assert.Equal(PhoenixParseErrorCode.TopicTooLong, ParseRaw(serializer, topicJson: escaped255 + new string('a', 5000)).Error.Code);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Event_and_refs_are_limited(string vsn)
    {
        var serializer = RoundTripTests.Serializer(vsn);

        Assert.True(Parse(serializer, @event: new string('e', 255), joinRef: new string('1', 255), @ref: new string('2', 255)).IsSuccess);
        Assert.Equal(PhoenixParseErrorCode.EventTooLong, Parse(serializer, @event: new string('e', 256)).Error.Code);
        Assert.Equal(PhoenixParseErrorCode.RefTooLong, Parse(serializer, joinRef: new string('1', 256)).Error.Code);
        Assert.Equal(PhoenixParseErrorCode.RefTooLong, Parse(serializer, @ref: new string('2', 256)).Error.Code);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Nesting_is_limited_counting_the_frame_itself_as_level_one(string vsn)
    {
        var serializer = RoundTripTests.Serializer(vsn);

        // The payload sits at level 2, so 63 nested arrays reach level 64 exactly.
        var atLimit = Parse(serializer, payload: Nested(PhoenixLimits.MaxJsonDepth - 1));
        var overLimit = Parse(serializer, payload: Nested(PhoenixLimits.MaxJsonDepth));

        Assert.True(atLimit.IsSuccess, atLimit.ToString());
        Assert.Equal(PhoenixParseErrorCode.TooDeep, overLimit.Error.Code);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Very_deep_input_is_rejected_without_exhausting_the_stack(string vsn)
    {
        var serializer = RoundTripTests.Serializer(vsn);

        Assert.Equal(PhoenixParseErrorCode.TooDeep, Parse(serializer, payload: Nested(100_000)).Error.Code);

        // Unterminated as well: the depth check fires long before the reader reaches the missing brackets.
        var prefix = serializer is PhoenixV1Serializer ? """{"topic":"t","event":"e","payload":""" : """[null,null,"t","e",""";
        Assert.Equal(PhoenixParseErrorCode.TooDeep, serializer.Parse(Utf8(prefix + new string('[', 100_000))).Error.Code);
    }

    [Fact]
    public void Deep_value_in_an_ignored_v2_element_is_still_limited()
    {
        var frame = $"""[null,null,"t","e",{"{}"},{Nested(PhoenixLimits.MaxJsonDepth)}]""";

        Assert.Equal(PhoenixParseErrorCode.TooDeep, PhoenixV2Serializer.Instance.Parse(Utf8(frame)).Error.Code);
    }

    [Fact]
    public void Deep_value_in_an_ignored_v1_property_is_still_limited()
    {
        var frame = $$"""{"topic":"t","event":"e","payload":{},"x":{{Nested(PhoenixLimits.MaxJsonDepth)}}}""";

        Assert.Equal(PhoenixParseErrorCode.TooDeep, PhoenixV1Serializer.Instance.Parse(Utf8(frame)).Error.Code);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Frame_size_is_limited_for_spans_and_sequences(string vsn)
    {
        var serializer = RoundTripTests.Serializer(vsn);
        var exactly = FrameOfSize(serializer, PhoenixLimits.MaxFrameBytes);
        var tooBig = FrameOfSize(serializer, PhoenixLimits.MaxFrameBytes + 1);

        Assert.Equal(PhoenixLimits.MaxFrameBytes, exactly.Length);
        Assert.True(serializer.Parse(exactly).IsSuccess);
        Assert.True(serializer.Parse(Chunked(exactly, 65_536)).IsSuccess);
        Assert.Equal(PhoenixParseErrorCode.FrameTooLarge, serializer.Parse(tooBig).Error.Code);
        Assert.Equal(PhoenixParseErrorCode.FrameTooLarge, serializer.Parse(Chunked(tooBig, 65_536)).Error.Code);
    }

    [Fact]
    public void Binary_frame_size_is_limited()
    {
        var payload = new byte[PhoenixLimits.MaxFrameBytes];
        var tooBig = PhoenixBinarySerializer.SerializeUserBroadcastPush("1", "1", "t", "e", default, PhoenixPayloadEncoding.Binary, payload).Bytes.ToArray();
        var atLimit = tooBig[..PhoenixLimits.MaxFrameBytes];

        Assert.Equal(PhoenixParseErrorCode.FrameTooLarge, PhoenixBinarySerializer.ParseUserBroadcastPush(tooBig).Error.Code);
        Assert.Equal(PhoenixParseErrorCode.FrameTooLarge, PhoenixBinarySerializer.ParseUserBroadcastPush(Chunked(tooBig, 65_536)).Error.Code);
        Assert.True(PhoenixBinarySerializer.ParseUserBroadcastPush(atLimit).IsSuccess);
        Assert.True(PhoenixBinarySerializer.ParseUserBroadcastPush(Chunked(atLimit, 65_536)).IsSuccess);
    }

    [Fact]
    public void Binary_json_payload_and_metadata_depth_is_limited()
    {
        // In a binary frame the JSON value itself is level 1.
        Assert.True(ParseBroadcast(Nested(PhoenixLimits.MaxJsonDepth), metadata: "").IsSuccess);
        Assert.Equal(PhoenixParseErrorCode.TooDeep, ParseBroadcast(Nested(PhoenixLimits.MaxJsonDepth + 1), metadata: "").Error.Code);
        Assert.Equal(PhoenixParseErrorCode.TooDeep, ParseBroadcast("{}", metadata: "{\"a\":" + Nested(PhoenixLimits.MaxJsonDepth) + "}").Error.Code);
    }

    [Fact]
    public void Binary_fields_at_255_bytes_round_trip()
    {
        var longText = new string('z', 255);
        var metadata = Utf8($$"""{"m":"{{new string('m', 247)}}"}""");
        Assert.Equal(255, metadata.Length);

        var frame = PhoenixBinarySerializer.SerializeUserBroadcastPush(longText, longText, longText, longText, metadata, PhoenixPayloadEncoding.Json, "{}"u8).Bytes.ToArray();
        var fromSpan = PhoenixBinarySerializer.ParseUserBroadcastPush(frame);
        var fromSequence = PhoenixBinarySerializer.ParseUserBroadcastPush(Chunked(frame, 100));

        Assert.True(fromSpan.IsSuccess, fromSpan.ToString());
        Assert.True(fromSequence.IsSuccess, fromSequence.ToString());
        Assert.Equal(longText, fromSequence.Value.Topic);
        Assert.Equal(longText, fromSequence.Value.JoinRef);
        Assert.Equal(Text(metadata), Text(fromSequence.Value.Metadata));
        Assert.Equal(7 + (4 * 255) + 255 + 2, frame.Length);
    }

    internal static string Nested(int levels) => new string('[', levels) + new string(']', levels);

    private static PhoenixParseResult<UserBroadcastMessage> ParseBroadcast(string payload, string metadata) =>
        PhoenixBinarySerializer.ParseUserBroadcast(PhoenixBinarySerializer.SerializeUserBroadcast("t", "e", Utf8(metadata), PhoenixPayloadEncoding.Json, Utf8(payload)).Bytes.Span);

    private static PhoenixParseResult<PhoenixMessage> Parse(PhoenixSerializer serializer, string topic = "t", string @event = "e", string? joinRef = null, string? @ref = null, string payload = "{}") =>
        serializer.Parse(serializer.SerializePush(joinRef, @ref, topic, @event, Utf8(payload)).Bytes.Span);

    private static PhoenixParseResult<PhoenixMessage> ParseRaw(PhoenixSerializer serializer, string topicJson)
    {
        var frame = serializer is PhoenixV1Serializer
            ? $$$"""{"topic":"{{{topicJson}}}","event":"e","payload":{}}"""
            : $$"""[null,null,"{{topicJson}}","e",{}]""";
        return serializer.Parse(Utf8(frame));
    }

    /// <summary>A valid frame of exactly <paramref name="size"/> bytes: a string payload padded to fit.</summary>
    private static byte[] FrameOfSize(PhoenixSerializer serializer, int size)
    {
        var empty = serializer.SerializePush(null, null, "t", "e", "\"\""u8).Bytes.Length;
        var builder = new StringBuilder(size);
        builder.Append('"').Append('p', size - empty).Append('"');
        var frame = serializer.SerializePush(null, null, "t", "e", Utf8(builder.ToString())).Bytes.ToArray();
        Assert.Equal(size, frame.Length);
        return frame;
    }
}
