using System.Buffers;
using static AgentHub.Protocol.Phoenix.Tests.TestBytes;

namespace AgentHub.Protocol.Phoenix.Tests;

/// <summary>write(parse(x)) and parse(write(m)) under both serializers.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<string> Versions => new() { PhoenixV1Serializer.Version, PhoenixV2Serializer.Version };

    public static TheoryData<string, string?, string?, string, string, string> Messages
    {
        get
        {
            var data = new TheoryData<string, string?, string?, string, string, string>();
            (string? JoinRef, string? Ref, string Topic, string Event, string Payload)[] messages =
            [
                ("6", "6", "realtime:room1", "phx_join", """{"config":{"broadcast":{"ack":false,"self":false},"postgres_changes":[],"private":false}}"""),
                (null, "7", "phoenix", "heartbeat", "{}"),
                (null, null, "realtime:room:42", "postgres_changes", """{"ids":[31245811],"data":{"record":{"id":501,"body":"hi \"there\" \\ \u00e9 \u2603"},"errors":null}}"""),
                ("1", null, "realtime:caf\u00e9 \u2603 \"q\" \\ \t", "system", """{"status":"ok"}"""),
                ("", "", "", "", "[]"),
                (null, null, "t", "custom:event/with<html>&chars'", "\"just a string\""),
                (null, null, "t", "e", "12.5e-3"),
                (null, null, "t", "e", "true"),
                (null, null, "t", "e", "null"),
                (null, null, "t", "e", """{"emoji":"\ud83d\ude00","escaped":"\u0000\u001f"}"""),
            ];
            foreach (var vsn in new[] { PhoenixV1Serializer.Version, PhoenixV2Serializer.Version })
            {
                foreach (var m in messages)
                {
                    data.Add(vsn, m.JoinRef, m.Ref, m.Topic, m.Event, m.Payload);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Message_survives_write_then_parse(string vsn, string? joinRef, string? @ref, string topic, string @event, string payload)
    {
        var serializer = Serializer(vsn);
        var original = new PhoenixMessage(joinRef, @ref, topic, @event, Utf8(payload));

        var frame = serializer.Serialize(original);
        var result = serializer.Parse(frame.Bytes.Span);

        Assert.True(result.IsSuccess, result.ToString());
        AssertSame(original, result.Value);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Spec_frame_survives_parse_then_write_then_parse(string vsn)
    {
        var serializer = Serializer(vsn);
        foreach (var frame in SpecFrames.AllV2)
        {
            var fromSpec = PhoenixV2Serializer.Instance.Parse(Utf8(frame)).Value!;

            var reparsed = serializer.Parse(serializer.Serialize(fromSpec).Bytes.Span);

            Assert.True(reparsed.IsSuccess, reparsed.ToString());
            AssertSame(fromSpec, reparsed.Value);
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Large_payload_survives_and_is_identical_from_span_and_sequence(string vsn)
    {
        var serializer = Serializer(vsn);
        var payload = Utf8($$"""{"blob":"{{new string('x', 1_000_000)}}","n":[1,2,3]}""");
        var frame = serializer.SerializePush("9", "10", "realtime:big", PhoenixEventNames.Broadcast, payload).Bytes.ToArray();

        var fromSpan = serializer.Parse(frame);
        var fromSequence = serializer.Parse(Chunked(frame, 4096));

        Assert.True(fromSpan.IsSuccess, fromSpan.ToString());
        Assert.True(fromSequence.IsSuccess, fromSequence.ToString());
        Assert.True(fromSpan.Value.Payload.Span.SequenceEqual(payload));
        AssertSame(fromSpan.Value, fromSequence.Value);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Empty_payload_is_written_as_an_empty_object(string vsn)
    {
        var serializer = Serializer(vsn);
        var message = new PhoenixMessage("1", "1", "realtime:room", PhoenixEventNames.PhxClose, ReadOnlyMemory<byte>.Empty);

        var parsed = serializer.Parse(serializer.Serialize(message).Bytes.Span).Value!;

        Assert.Equal("{}", Text(parsed.Payload));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Writing_into_many_small_spans_gives_the_same_bytes(string vsn)
    {
        var serializer = Serializer(vsn);
        var chunky = new SmallChunkBufferWriter();
        var payload = Utf8("""{"joins":{"user-7":{"metas":[{"phx_ref":"GHlE8VLvxuKGzQJN","name":"Ann"}]}},"leaves":{}}""");

        serializer.WritePush(chunky, null, null, "realtime:room:42", PhoenixEventNames.PresenceDiff, payload);

        var expected = serializer.SerializePush(null, null, "realtime:room:42", PhoenixEventNames.PresenceDiff, payload);
        Assert.Equal(Text(expected.Bytes), Text(chunky.WrittenBytes));
    }

    [Fact]
    public void Cached_writer_never_leaks_bytes_between_outputs()
    {
        var serializer = PhoenixV2Serializer.Instance;
        var first = new ArrayBufferWriter<byte>();
        var second = new ArrayBufferWriter<byte>();

        serializer.WritePush(first, null, "1", "phoenix", PhoenixEventNames.Heartbeat, "{}"u8);
        serializer.WriteReply(second, null, "1", "phoenix", PhoenixReplyStatus.Ok, default);
        serializer.WritePush(first, null, "2", "phoenix", PhoenixEventNames.Heartbeat, "{}"u8);

        Assert.Equal("""[null,"1","phoenix","heartbeat",{}][null,"2","phoenix","heartbeat",{}]""", Text(first.WrittenSpan));
        Assert.Equal("""[null,"1","phoenix","phx_reply",{"status":"ok","response":{}}]""", Text(second.WrittenSpan));
    }

    [Fact]
    public async Task Concurrent_writers_on_many_threads_produce_correct_frames()
    {
        var serializer = PhoenixV2Serializer.Instance;
        var tasks = Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                var frame = serializer.SerializePush(null, $"{worker}-{i}", "realtime:t", PhoenixEventNames.Broadcast, Utf8($$"""{"i":{{i}}}"""));
                Assert.Equal($$"""[null,"{{worker}}-{{i}}","realtime:t","broadcast",{"i":{{i}}}]""", Text(frame.Bytes));
            }
        }, TestContext.Current.CancellationToken));

        await Task.WhenAll(tasks);
    }

    internal static PhoenixSerializer Serializer(string vsn)
    {
        Assert.True(PhoenixSerializerFactory.TryGetSerializer(vsn, out var serializer));
        return serializer;
    }

    internal static void AssertSame(PhoenixMessage expected, PhoenixMessage actual)
    {
        Assert.Equal(expected.JoinRef, actual.JoinRef);
        Assert.Equal(expected.Ref, actual.Ref);
        Assert.Equal(expected.Topic, actual.Topic);
        Assert.Equal(expected.Event, actual.Event);
        var expectedPayload = expected.Payload.IsEmpty ? "{}" : Text(expected.Payload);
        Assert.Equal(expectedPayload, Text(actual.Payload));
    }
}
