using static AgentHub.Protocol.Phoenix.Tests.TestBytes;

namespace AgentHub.Protocol.Phoenix.Tests;

/// <summary>Every malformed input yields its error code; none throws.</summary>
public sealed class MalformedFrameTests
{
    public static TheoryData<string, PhoenixParseErrorCode> MalformedV2 => new()
    {
        { "not json", PhoenixParseErrorCode.InvalidJson },
        { "   ", PhoenixParseErrorCode.InvalidJson },
        { """[null,null,"t","e",{}""", PhoenixParseErrorCode.InvalidJson },
        { """[null,null,"t","e",{"a":1,}]""", PhoenixParseErrorCode.InvalidJson },
        { """[null,null,"t","e",{}],""", PhoenixParseErrorCode.InvalidJson },
        { """[null,null,"t","e",{},]""", PhoenixParseErrorCode.InvalidJson },
        { """[null,null,"t","e",{}] x""", PhoenixParseErrorCode.InvalidJson },
        { """[null,null,"t","e",{}][null,null,"t","e",{}]""", PhoenixParseErrorCode.InvalidJson },
        { """/* c */[null,null,"t","e",{}]""", PhoenixParseErrorCode.InvalidJson },
        { """[null,null,"t","e",{'a':1}]""", PhoenixParseErrorCode.InvalidJson },
        { """[null,null,"t","e",{"a":tru}]""", PhoenixParseErrorCode.InvalidJson },
        { "[null,null,\"t\u0001\",\"e\",{}]", PhoenixParseErrorCode.InvalidJson },
        { """[null,null,"t\x","e",{}]""", PhoenixParseErrorCode.InvalidJson },
        { """{"topic":"t","event":"e","payload":{}}""", PhoenixParseErrorCode.UnexpectedShape },
        { "\"[null,null,\\\"t\\\",\\\"e\\\",{}]\"", PhoenixParseErrorCode.UnexpectedShape },
        { "42", PhoenixParseErrorCode.UnexpectedShape },
        { "null", PhoenixParseErrorCode.UnexpectedShape },
        { "[]", PhoenixParseErrorCode.ArrayTooShort },
        { "[null]", PhoenixParseErrorCode.ArrayTooShort },
        { """[null,null,"t"]""", PhoenixParseErrorCode.ArrayTooShort },
        { """[null,null,"t","e"]""", PhoenixParseErrorCode.ArrayTooShort },
        { """[1,null,"t","e",{}]""", PhoenixParseErrorCode.InvalidJoinRef },
        { """[true,null,"t","e",{}]""", PhoenixParseErrorCode.InvalidJoinRef },
        { """[{},null,"t","e",{}]""", PhoenixParseErrorCode.InvalidJoinRef },
        { """[null,7,"t","e",{}]""", PhoenixParseErrorCode.InvalidRef },
        { """[null,["7"],"t","e",{}]""", PhoenixParseErrorCode.InvalidRef },
        { """[null,null,null,"e",{}]""", PhoenixParseErrorCode.InvalidTopic },
        { """[null,null,42,"e",{}]""", PhoenixParseErrorCode.InvalidTopic },
        { """[null,null,"t",null,{}]""", PhoenixParseErrorCode.InvalidEvent },
        { """[null,null,"t",{"e":1},{}]""", PhoenixParseErrorCode.InvalidEvent },
        { """[null,null,"\ud800","e",{}]""", PhoenixParseErrorCode.InvalidUtf8 },
        { """[null,null,"t","\udc00x","e",{}]""", PhoenixParseErrorCode.InvalidUtf8 },
        { """["\ud83d","1","t","e",{}]""", PhoenixParseErrorCode.InvalidUtf8 },
    };

    public static TheoryData<string, PhoenixParseErrorCode> MalformedV1 => new()
    {
        { """["6","6","realtime:room1","phx_join",{}]""", PhoenixParseErrorCode.UnexpectedShape },
        { "\"text\"", PhoenixParseErrorCode.UnexpectedShape },
        { """{"topic":"t","event":"e","payload":{}""", PhoenixParseErrorCode.InvalidJson },
        { """{"topic":"t","event":"e","payload":{}} {}""", PhoenixParseErrorCode.InvalidJson },
        { """{"topic":"t" "event":"e","payload":{}}""", PhoenixParseErrorCode.InvalidJson },
        { """{topic:"t","event":"e","payload":{}}""", PhoenixParseErrorCode.InvalidJson },
        { """{"event":"e","payload":{}}""", PhoenixParseErrorCode.MissingField },
        { """{"topic":"t","event":"e"}""", PhoenixParseErrorCode.MissingField },
        { """{"topic":1,"event":"e","payload":{}}""", PhoenixParseErrorCode.InvalidTopic },
        { """{"topic":"t","event":false,"payload":{}}""", PhoenixParseErrorCode.InvalidEvent },
        { """{"topic":"t","event":"e","payload":{},"ref":5}""", PhoenixParseErrorCode.InvalidRef },
        { """{"topic":"t","event":"e","payload":{},"join_ref":true}""", PhoenixParseErrorCode.InvalidJoinRef },
        { """{"topic":"\ud800","event":"e","payload":{}}""", PhoenixParseErrorCode.InvalidUtf8 },
    };

    [Theory]
    [MemberData(nameof(MalformedV2))]
    public void Malformed_v2_frame_returns_its_error_code(string frame, PhoenixParseErrorCode expected)
    {
        AssertFails(PhoenixV2Serializer.Instance, Utf8(frame), expected);
    }

    [Theory]
    [MemberData(nameof(MalformedV1))]
    public void Malformed_v1_frame_returns_its_error_code(string frame, PhoenixParseErrorCode expected)
    {
        AssertFails(PhoenixV1Serializer.Instance, Utf8(frame), expected);
    }

    [Theory]
    [InlineData("1.0.0")]
    [InlineData("2.0.0")]
    public void Empty_frame_is_reported_as_empty(string vsn)
    {
        AssertFails(RoundTripTests.Serializer(vsn), [], PhoenixParseErrorCode.EmptyFrame);
    }

    [Fact]
    public void Invalid_utf8_bytes_in_a_string_field_are_rejected()
    {
        // "t\xC3\x28": a two-byte lead followed by an ASCII byte.
        var frame = Concat("[null,null,\"t", (byte)0xC3, (byte)0x28, "\",\"e\",{}]");

        AssertFails(PhoenixV2Serializer.Instance, frame, PhoenixParseErrorCode.InvalidUtf8);
    }

    [Fact]
    public void Invalid_utf8_bytes_in_the_payload_are_rejected()
    {
        var frame = Concat("[null,null,\"t\",\"e\",{\"a\":\"", (byte)0xFF, "\"}]");

        AssertFails(PhoenixV2Serializer.Instance, frame, PhoenixParseErrorCode.InvalidUtf8);
        AssertFails(PhoenixV2Serializer.Instance, Split(frame, 3, 20), PhoenixParseErrorCode.InvalidUtf8);
    }

    [Fact]
    public void Byte_order_mark_is_not_accepted()
    {
        var frame = Concat((byte)0xEF, (byte)0xBB, (byte)0xBF, SpecFrames.Heartbeat);

        AssertFails(PhoenixV2Serializer.Instance, frame, PhoenixParseErrorCode.InvalidJson);
    }

    [Fact]
    public void Extra_array_elements_are_ignored_like_the_supabase_server_does()
    {
        var result = PhoenixV2Serializer.Instance.Parse(Utf8("""[null,"7","phoenix","heartbeat",{},"extra",[1,{"x":null}],3]"""));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("{}", Text(result.Value.Payload));
    }

    [Fact]
    public void Payload_may_be_any_json_value()
    {
        var result = PhoenixV2Serializer.Instance.Parse(Utf8("""[null,null,"t","e", "text" ]"""));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("\"text\"", Text(result.Value.Payload));
    }

    [Fact]
    public void Error_messages_do_not_echo_frame_content()
    {
        const string secret = "eyJhbGciOiJIUzI1NiJ9.secret";
        var frames = new[]
        {
            $$"""[null,null,"t","e",{"access_token":"{{secret}}"}""",
            $$"""[null,7,"t","e",{"access_token":"{{secret}}"}]""",
            $$"""{"topic":"t","event":"e","access_token":"{{secret}}"}""",
        };

        foreach (var frame in frames)
        {
            var error = PhoenixV2Serializer.Instance.Parse(Utf8(frame)).Error;
            Assert.NotEqual(PhoenixParseErrorCode.None, error.Code);
            Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(MalformedBinary))]
    public void Malformed_binary_frame_returns_its_error_code(string name, byte[] frame, bool isPush, PhoenixParseErrorCode expected)
    {
        var code = isPush
            ? PhoenixBinarySerializer.ParseUserBroadcastPush(frame).Error.Code
            : PhoenixBinarySerializer.ParseUserBroadcast(frame).Error.Code;
        var fromSequence = isPush
            ? PhoenixBinarySerializer.ParseUserBroadcastPush(Split(frame, 1, frame.Length / 2)).Error.Code
            : PhoenixBinarySerializer.ParseUserBroadcast(Split(frame, 1, frame.Length / 2)).Error.Code;

        Assert.True(expected == code, $"{name}: expected {expected}, got {code}");
        Assert.Equal(expected, fromSequence);
    }

    public static TheoryData<string, byte[], bool, PhoenixParseErrorCode> MalformedBinary
    {
        get
        {
            var push = SpecFrames.UserBroadcastPushExample();
            var broadcast = SpecFrames.UserBroadcastExample();
            var data = new TheoryData<string, byte[], bool, PhoenixParseErrorCode>
            {
                { "empty push", [], true, PhoenixParseErrorCode.EmptyFrame },
                { "empty broadcast", [], false, PhoenixParseErrorCode.EmptyFrame },
                { "kind 4 sent to the server", broadcast, true, PhoenixParseErrorCode.UnsupportedBinaryKind },
                { "kind 3 sent to the client", push, false, PhoenixParseErrorCode.UnsupportedBinaryKind },
                { "stock phoenix push kind 0", Concat((byte)0, (byte)1, (byte)1, (byte)1, "1", "t", "e", "{}"), true, PhoenixParseErrorCode.UnsupportedBinaryKind },
                { "stock phoenix broadcast kind 2", Concat((byte)2, (byte)1, (byte)1, "t", "e", "{}"), false, PhoenixParseErrorCode.UnsupportedBinaryKind },
                { "push header cut after 6 bytes", push[..6], true, PhoenixParseErrorCode.TruncatedBinaryFrame },
                { "push kind byte only", push[..1], true, PhoenixParseErrorCode.TruncatedBinaryFrame },
                { "broadcast header cut after 4 bytes", broadcast[..4], false, PhoenixParseErrorCode.TruncatedBinaryFrame },
                { "push cut inside the topic", push[..15], true, PhoenixParseErrorCode.TruncatedBinaryFrame },
                { "broadcast cut inside the event", broadcast[..23], false, PhoenixParseErrorCode.TruncatedBinaryFrame },
                { "push declares a 255-byte topic", Concat((byte)3, (byte)1, (byte)1, (byte)255, (byte)1, (byte)0, (byte)1, "1", "3", "short", "e", "{}"), true, PhoenixParseErrorCode.TruncatedBinaryFrame },
                { "broadcast declares metadata past the end", Concat((byte)4, (byte)1, (byte)1, (byte)200, (byte)1, "t", "e", "{}"), false, PhoenixParseErrorCode.TruncatedBinaryFrame },
                { "encoding byte 2", With(push, 6, 2), true, PhoenixParseErrorCode.InvalidPayloadEncoding },
                { "encoding byte 255", With(broadcast, 4, 255), false, PhoenixParseErrorCode.InvalidPayloadEncoding },
                { "json payload is not json", Concat((byte)3, (byte)1, (byte)1, (byte)1, (byte)1, (byte)0, (byte)1, "1", "3", "t", "e", "{on:true}"), true, PhoenixParseErrorCode.InvalidBinaryPayload },
                { "json payload is empty", Concat((byte)4, (byte)1, (byte)1, (byte)0, (byte)1, "t", "e"), false, PhoenixParseErrorCode.InvalidBinaryPayload },
                { "json payload has trailing data", Concat((byte)4, (byte)1, (byte)1, (byte)0, (byte)1, "t", "e", "{} {}"), false, PhoenixParseErrorCode.InvalidBinaryPayload },
                { "json payload is invalid utf-8", Concat((byte)4, (byte)1, (byte)1, (byte)0, (byte)1, "t", "e", "\"", (byte)0xFE, "\""), false, PhoenixParseErrorCode.InvalidUtf8 },
                { "metadata is an array", Concat((byte)4, (byte)1, (byte)1, (byte)2, (byte)1, "t", "e", "[]", "{}"), false, PhoenixParseErrorCode.InvalidMetadata },
                { "metadata is not json", Concat((byte)3, (byte)0, (byte)0, (byte)1, (byte)1, (byte)3, (byte)1, "t", "e", "{id", "{}"), true, PhoenixParseErrorCode.InvalidMetadata },
                { "topic is invalid utf-8", Concat((byte)4, (byte)2, (byte)1, (byte)0, (byte)1, (byte)0xC3, (byte)0x28, "e", "{}"), false, PhoenixParseErrorCode.InvalidUtf8 },
                { "ref is invalid utf-8", Concat((byte)3, (byte)1, (byte)1, (byte)1, (byte)1, (byte)0, (byte)1, "1", (byte)0x80, "t", "e", "{}"), true, PhoenixParseErrorCode.InvalidUtf8 },
            };
            return data;
        }
    }

    internal static void AssertFails(PhoenixSerializer serializer, byte[] frame, PhoenixParseErrorCode expected)
    {
        var result = serializer.Parse(frame);

        Assert.False(result.IsSuccess, $"expected {expected} but parsed {result.Value}");
        Assert.Null(result.Value);
        Assert.Equal(expected, result.Error.Code);
        Assert.False(string.IsNullOrEmpty(result.Error.Message));
    }

    internal static void AssertFails(PhoenixSerializer serializer, System.Buffers.ReadOnlySequence<byte> frame, PhoenixParseErrorCode expected)
    {
        var result = serializer.Parse(frame);

        Assert.False(result.IsSuccess, $"expected {expected} but parsed {result.Value}");
        Assert.Equal(expected, result.Error.Code);
    }

    private static byte[] With(byte[] frame, int index, byte value)
    {
        var copy = frame.ToArray();
        copy[index] = value;
        return copy;
    }
}
