using System.Text;
using static AgentHub.Protocol.Phoenix.Tests.TestBytes;

namespace AgentHub.Protocol.Phoenix.Tests;

/// <summary>Serializer selection, wire literals, and snapshot guards for stable codes.</summary>
public sealed class ProtocolSurfaceTests
{
    [Theory]
    [InlineData(null, "2.0.0")]
    [InlineData("2.0.0", "2.0.0")]
    [InlineData("1.0.0", "1.0.0")]
    public void Vsn_selects_the_serializer_with_2_0_0_as_default(string? vsn, string expected)
    {
        Assert.True(PhoenixSerializerFactory.TryGetSerializer(vsn, out var serializer));
        Assert.Equal(expected, serializer.Vsn);
        Assert.Equal(expected == "2.0.0", serializer.SupportsBinaryFrames);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3.0.0")]
    [InlineData("2.0")]
    [InlineData("2.0.1")]
    [InlineData(" 2.0.0")]
    [InlineData("v2.0.0")]
    public void Unknown_vsn_is_an_error(string vsn)
    {
        Assert.False(PhoenixSerializerFactory.TryGetSerializer(vsn, out var serializer));
        Assert.Null(serializer);
    }

    [Fact]
    public void Utf8_literals_and_string_constants_agree()
    {
        (byte[] Utf8, string Name)[] pairs =
        [
            (PhoenixLiterals.PhxJoin.ToArray(), PhoenixEventNames.PhxJoin),
            (PhoenixLiterals.PhxLeave.ToArray(), PhoenixEventNames.PhxLeave),
            (PhoenixLiterals.PhxReply.ToArray(), PhoenixEventNames.PhxReply),
            (PhoenixLiterals.PhxError.ToArray(), PhoenixEventNames.PhxError),
            (PhoenixLiterals.PhxClose.ToArray(), PhoenixEventNames.PhxClose),
            (PhoenixLiterals.Heartbeat.ToArray(), PhoenixEventNames.Heartbeat),
            (PhoenixLiterals.AccessToken.ToArray(), PhoenixEventNames.AccessToken),
            (PhoenixLiterals.Broadcast.ToArray(), PhoenixEventNames.Broadcast),
            (PhoenixLiterals.Presence.ToArray(), PhoenixEventNames.Presence),
            (PhoenixLiterals.PresenceState.ToArray(), PhoenixEventNames.PresenceState),
            (PhoenixLiterals.PresenceDiff.ToArray(), PhoenixEventNames.PresenceDiff),
            (PhoenixLiterals.PostgresChanges.ToArray(), PhoenixEventNames.PostgresChanges),
            (PhoenixLiterals.System.ToArray(), PhoenixEventNames.System),
            (PhoenixLiterals.PhoenixTopic.ToArray(), PhoenixEventNames.PhoenixTopic),
        ];

        foreach (var (utf8, name) in pairs)
        {
            Assert.Equal(name, Encoding.UTF8.GetString(utf8));
        }

        Assert.Equal("realtime:", Encoding.UTF8.GetString(PhoenixLiterals.RealtimeTopicPrefix));
        Assert.Equal("ok", Encoding.UTF8.GetString(PhoenixLiterals.StatusOk));
        Assert.Equal("error", Encoding.UTF8.GetString(PhoenixLiterals.StatusError));
        Assert.Equal("{}", Encoding.UTF8.GetString(PhoenixLiterals.EmptyObject));
    }

    [Theory]
    [InlineData(PhoenixEventNames.PhxJoin)]
    [InlineData(PhoenixEventNames.PhxLeave)]
    [InlineData(PhoenixEventNames.PhxReply)]
    [InlineData(PhoenixEventNames.PhxError)]
    [InlineData(PhoenixEventNames.PhxClose)]
    [InlineData(PhoenixEventNames.Heartbeat)]
    [InlineData(PhoenixEventNames.AccessToken)]
    [InlineData(PhoenixEventNames.Broadcast)]
    [InlineData(PhoenixEventNames.Presence)]
    [InlineData(PhoenixEventNames.PresenceState)]
    [InlineData(PhoenixEventNames.PresenceDiff)]
    [InlineData(PhoenixEventNames.PostgresChanges)]
    [InlineData(PhoenixEventNames.System)]
    public void Parsed_well_known_events_are_the_shared_constants(string name)
    {
        // Build the name at run time so it is not the interned literal already.
        var fresh = new string(name.AsSpan());
        var text = PhoenixV2Serializer.Instance.Parse(Utf8($$"""[null,null,"realtime:r","{{fresh}}",{}]""")).Value!;
        var binary = PhoenixBinarySerializer.ParseUserBroadcastPush(
            PhoenixBinarySerializer.SerializeUserBroadcastPush(null, null, "realtime:r", fresh, default, PhoenixPayloadEncoding.Json, "{}"u8).Bytes.Span).Value!;

        // Theory data may arrive as a fresh copy; the constant is the interned literal.
        var constant = string.Intern(name);
        Assert.Same(constant, text.Event);
        Assert.Same(constant, binary.UserEvent);
    }

    [Theory]
    [InlineData("phx_joim")]
    [InlineData("Heartbeat")]
    [InlineData("broadcast2")]
    [InlineData("cursor")]
    public void Unknown_events_parse_to_their_own_text(string name)
    {
        var message = PhoenixV2Serializer.Instance.Parse(Utf8($$"""[null,null,"realtime:r","{{name}}",{}]""")).Value!;

        Assert.Equal(name, message.Event);
    }

    [Fact]
    public void Error_codes_are_stable()
    {
        // Snapshot: renaming or renumbering a code breaks logs, metrics and ERROR_CODES.md. Add, never change.
        var actual = Enum.GetValues<PhoenixParseErrorCode>().Select(code => $"{(int)code}:{code}");

        Assert.Equal(
            [
                "0:None", "1:EmptyFrame", "2:FrameTooLarge", "3:InvalidJson", "4:InvalidUtf8", "5:TooDeep",
                "6:UnexpectedShape", "7:ArrayTooShort", "8:MissingField", "9:InvalidJoinRef", "10:InvalidRef",
                "11:InvalidTopic", "12:InvalidEvent", "13:TopicTooLong", "14:EventTooLong", "15:RefTooLong",
                "16:TruncatedBinaryFrame", "17:UnsupportedBinaryKind", "18:InvalidPayloadEncoding",
                "19:InvalidMetadata", "20:InvalidBinaryPayload",
            ],
            actual);
    }

    [Fact]
    public void Wire_enums_are_stable()
    {
        Assert.Equal(3, (byte)PhoenixBinaryKind.UserBroadcastPush);
        Assert.Equal(4, (byte)PhoenixBinaryKind.UserBroadcast);
        Assert.Equal(0, (byte)PhoenixPayloadEncoding.Binary);
        Assert.Equal(1, (byte)PhoenixPayloadEncoding.Json);
        Assert.Equal(7, PhoenixBinarySerializer.UserBroadcastPushHeaderBytes);
        Assert.Equal(5, PhoenixBinarySerializer.UserBroadcastHeaderBytes);
    }

    [Fact]
    public void Parse_result_reports_success_and_failure_consistently()
    {
        var message = new PhoenixMessage(null, "1", "phoenix", PhoenixEventNames.Heartbeat, "{}"u8.ToArray());
        PhoenixParseResult<PhoenixMessage> success = message;
        PhoenixParseResult<PhoenixMessage> failure = new PhoenixParseError(PhoenixParseErrorCode.InvalidJson, "bad");

        Assert.True(success.IsSuccess);
        Assert.Same(message, success.Value);
        Assert.Equal(PhoenixParseErrorCode.None, success.Error.Code);
        Assert.False(failure.IsSuccess);
        Assert.Null(failure.Value);
        Assert.Equal("InvalidJson: bad", failure.Error.ToString());
        Assert.Equal(string.Empty, default(PhoenixParseError).Message);
    }
}
