using static AgentHub.Protocol.Phoenix.Tests.TestBytes;

namespace AgentHub.Protocol.Phoenix.Tests;

/// <summary>Frames split across pipe segments parse exactly like contiguous ones.</summary>
public sealed class SequenceParsingTests
{
    public static TheoryData<string> Versions => RoundTripTests.Versions;

    [Theory]
    [MemberData(nameof(Versions))]
    public void Every_two_way_split_of_every_spec_frame_parses_like_the_span(string vsn)
    {
        var serializer = RoundTripTests.Serializer(vsn);
        foreach (var specFrame in SpecFrames.AllV2)
        {
            var frame = serializer.Serialize(PhoenixV2Serializer.Instance.Parse(Utf8(specFrame)).Value!).Bytes.ToArray();
            var expected = serializer.Parse(frame).Value!;

            for (var cut = 1; cut < frame.Length; cut++)
            {
                var result = serializer.Parse(Split(frame, cut));

                Assert.True(result.IsSuccess, $"cut at {cut}: {result}");
                RoundTripTests.AssertSame(expected, result.Value);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Escaped_strings_split_mid_escape_are_unescaped(string vsn)
    {
        var serializer = RoundTripTests.Serializer(vsn);
        var frame = vsn == PhoenixV1Serializer.Version
            ? Utf8("""{"join_ref":"\u0031","ref":"2","topic":"realtime:caf\u00e9\"\\","event":"\u0062roadcast","payload":{"k":"\u2603"}}""")
            : Utf8("""["\u0031","2","realtime:caf\u00e9\"\\","\u0062roadcast",{"k":"\u2603"}]""");

        for (var cut = 1; cut < frame.Length; cut++)
        {
            var result = serializer.Parse(Split(frame, cut, cut + 2));

            Assert.True(result.IsSuccess, $"cut at {cut}: {result}");
            Assert.Equal("1", result.Value.JoinRef);
            Assert.Equal("realtime:caf\u00e9\"\\", result.Value.Topic);
            Assert.Same(PhoenixEventNames.Broadcast, result.Value.Event);
            Assert.Equal("""{"k":"\u2603"}""", Text(result.Value.Payload));
        }
    }

    [Fact]
    public void One_byte_segments_parse()
    {
        var frame = Utf8(SpecFrames.SessionPostgresChanges);

        var result = PhoenixV2Serializer.Instance.Parse(Chunked(frame, 1));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(PhoenixEventNames.PostgresChanges, result.Value.Event);
    }
}
