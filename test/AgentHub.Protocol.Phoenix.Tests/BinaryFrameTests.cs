using System.Buffers;
using static AgentHub.Protocol.Phoenix.Tests.TestBytes;

namespace AgentHub.Protocol.Phoenix.Tests;

/// <summary>vsn 2.0.0 binary user-broadcast frames (docs/realtime-protocol.md section 2.3).</summary>
public sealed class BinaryFrameTests
{
    [Fact]
    public void Spec_kind_3_example_parses_to_its_fields()
    {
        var result = PhoenixBinarySerializer.ParseUserBroadcastPush(SpecFrames.UserBroadcastPushExample());

        Assert.True(result.IsSuccess, result.ToString());
        var push = result.Value;
        Assert.Equal("1", push.JoinRef);
        Assert.Equal("3", push.Ref);
        Assert.Equal("realtime:room:42", push.Topic);
        Assert.Equal("typing", push.UserEvent);
        Assert.True(push.Metadata.IsEmpty);
        Assert.Equal(PhoenixPayloadEncoding.Json, push.PayloadEncoding);
        Assert.Equal("""{"on":true}""", Text(push.Payload));
    }

    [Fact]
    public void Spec_kind_3_example_is_written_byte_for_byte()
    {
        var expected = SpecFrames.UserBroadcastPushExample();

        var written = WriteBytes(output => PhoenixBinarySerializer.WriteUserBroadcastPush(output, "1", "3", "realtime:room:42", "typing", default, PhoenixPayloadEncoding.Json, """{"on":true}"""u8));
        var serialized = PhoenixBinarySerializer.SerializeUserBroadcastPush("1", "3", "realtime:room:42", "typing", default, PhoenixPayloadEncoding.Json, """{"on":true}"""u8);

        Assert.Equal(expected, written);
        Assert.Equal(PhoenixFrameType.Binary, serialized.Type);
        Assert.Equal(expected, serialized.Bytes.ToArray());
        Assert.Equal([0x03, 0x01, 0x01, 0x10, 0x06, 0x00, 0x01, 0x31, 0x33], written[..9]);
    }

    [Fact]
    public void Spec_kind_4_examples_are_written_byte_for_byte()
    {
        var plain = PhoenixBinarySerializer.SerializeUserBroadcast("realtime:room:42", "typing", default, PhoenixPayloadEncoding.Json, """{"on":true}"""u8);
        var withMetadata = WriteBytes(output => PhoenixBinarySerializer.WriteUserBroadcast(output, "realtime:room:42", "typing", """{"id":"7f0c"}"""u8, PhoenixPayloadEncoding.Json, """{"on":true}"""u8));

        Assert.Equal(SpecFrames.UserBroadcastExample(), plain.Bytes.ToArray());
        Assert.Equal(SpecFrames.UserBroadcastWithMetadataExample(), withMetadata);
        Assert.Equal([0x04, 0x10, 0x06, 0x0d, 0x01], withMetadata[..5]);
    }

    [Fact]
    public void Spec_kind_4_example_with_metadata_parses_to_its_fields()
    {
        var result = PhoenixBinarySerializer.ParseUserBroadcast(SpecFrames.UserBroadcastWithMetadataExample());

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("realtime:room:42", result.Value.Topic);
        Assert.Equal("typing", result.Value.UserEvent);
        Assert.Equal("""{"id":"7f0c"}""", Text(result.Value.Metadata));
        Assert.Equal(PhoenixPayloadEncoding.Json, result.Value.PayloadEncoding);
        Assert.Equal("""{"on":true}""", Text(result.Value.Payload));
    }

    [Fact]
    public void Session_push_is_relayed_as_the_session_broadcast_frame()
    {
        // Section 8 rows 9 -> 10: the server parses the client's kind 3 and fans out kind 4.
        var push = PhoenixBinarySerializer.ParseUserBroadcastPush(SpecFrames.SessionUserBroadcastPush()).Value!;

        var relayed = PhoenixBinarySerializer.SerializeUserBroadcast(push.Topic, push.UserEvent, push.Metadata.Span, push.PayloadEncoding, push.Payload.Span);

        Assert.Equal("4", push.Ref);
        Assert.Equal(SpecFrames.UserBroadcastExample(), relayed.Bytes.ToArray());
    }

    [Fact]
    public void Kind_3_push_becomes_a_text_broadcast_for_v1_recipients()
    {
        var push = PhoenixBinarySerializer.ParseUserBroadcastPush(SpecFrames.UserBroadcastPushExample()).Value!;

        var payload = PhoenixBroadcastPayload.Create(push.UserEvent, push.Payload.Span, """{"id":"7f0c"}"""u8);
        var frame = PhoenixV1Serializer.Instance.SerializePush(null, null, push.Topic, PhoenixEventNames.Broadcast, payload);

        Assert.Equal(
            """{"join_ref":null,"ref":null,"topic":"realtime:room:42","event":"broadcast","payload":{"type":"broadcast","event":"typing","payload":{"on":true},"meta":{"id":"7f0c"}}}""",
            Text(frame.Bytes));
    }

    [Fact]
    public void Zero_length_refs_parse_as_null_and_null_refs_write_as_zero_length()
    {
        var frame = PhoenixBinarySerializer.SerializeUserBroadcastPush(null, null, "realtime:r", "e", default, PhoenixPayloadEncoding.Json, "{}"u8).Bytes.ToArray();

        var push = PhoenixBinarySerializer.ParseUserBroadcastPush(frame).Value!;

        Assert.Equal(0, frame[1]);
        Assert.Equal(0, frame[2]);
        Assert.Null(push.JoinRef);
        Assert.Null(push.Ref);
    }

    [Fact]
    public void Binary_encoded_payload_round_trips_any_bytes()
    {
        byte[] payload = [0x00, 0xFF, 0xC3, 0x28, 0x7B, 0x00];
        var message = new UserBroadcastPushMessage("2", "5", "realtime:files", "chunk", default, PhoenixPayloadEncoding.Binary, payload);

        var frame = WriteBytes(output => PhoenixBinarySerializer.WriteUserBroadcastPush(output, message));
        var parsed = PhoenixBinarySerializer.ParseUserBroadcastPush(frame).Value!;

        Assert.Equal(PhoenixPayloadEncoding.Binary, parsed.PayloadEncoding);
        Assert.Equal(payload, parsed.Payload.ToArray());
        Assert.Equal(0, frame[6]);
    }

    [Fact]
    public void Empty_binary_payload_is_allowed()
    {
        var frame = PhoenixBinarySerializer.SerializeUserBroadcast("t", "e", default, PhoenixPayloadEncoding.Binary, default).Bytes.ToArray();

        var parsed = PhoenixBinarySerializer.ParseUserBroadcast(frame);

        Assert.True(parsed.IsSuccess, parsed.ToString());
        Assert.True(parsed.Value.Payload.IsEmpty);
        Assert.Equal(5 + 2, frame.Length);
    }

    [Fact]
    public void Kind_4_round_trips_through_the_message_overload()
    {
        var message = new UserBroadcastMessage("realtime:caf\u00e9", "\u00e9v\u00e9nement", Utf8("""{"id":"a","replayed":true}"""), PhoenixPayloadEncoding.Json, Utf8("""[1,{"b":"\u2603"}]"""));

        var frame = WriteBytes(output => PhoenixBinarySerializer.WriteUserBroadcast(output, message));
        var parsed = PhoenixBinarySerializer.ParseUserBroadcast(frame).Value!;

        Assert.Equal(message.Topic, parsed.Topic);
        Assert.Equal(message.UserEvent, parsed.UserEvent);
        Assert.Equal(Text(message.Metadata), Text(parsed.Metadata));
        Assert.Equal(Text(message.Payload), Text(parsed.Payload));
    }

    [Fact]
    public void Every_split_of_a_frame_into_segments_parses_like_the_span()
    {
        var pushFrame = SpecFrames.UserBroadcastPushExample();
        var broadcastFrame = SpecFrames.UserBroadcastWithMetadataExample();
        var expectedPush = PhoenixBinarySerializer.ParseUserBroadcastPush(pushFrame).Value!;
        var expectedBroadcast = PhoenixBinarySerializer.ParseUserBroadcast(broadcastFrame).Value!;

        for (var cut = 1; cut < pushFrame.Length; cut++)
        {
            var push = PhoenixBinarySerializer.ParseUserBroadcastPush(Split(pushFrame, cut, cut + 3)).Value!;
            Assert.Equal(expectedPush.ToString(), push.ToString());
            Assert.Equal(Text(expectedPush.Payload), Text(push.Payload));
        }

        for (var cut = 1; cut < broadcastFrame.Length; cut++)
        {
            var broadcast = PhoenixBinarySerializer.ParseUserBroadcast(Split(broadcastFrame, cut)).Value!;
            Assert.Equal(Text(expectedBroadcast.Metadata), Text(broadcast.Metadata));
            Assert.Equal(Text(expectedBroadcast.Payload), Text(broadcast.Payload));
            Assert.Equal(expectedBroadcast.Topic, broadcast.Topic);
        }
    }

    [Fact]
    public void Large_payload_is_written_across_many_small_spans()
    {
        var payload = Utf8($$"""{"blob":"{{new string('y', 10_000)}}"}""");
        var chunky = new SmallChunkBufferWriter();

        PhoenixBinarySerializer.WriteUserBroadcast(chunky, "realtime:room", "big", default, PhoenixPayloadEncoding.Json, payload);

        var expected = PhoenixBinarySerializer.SerializeUserBroadcast("realtime:room", "big", default, PhoenixPayloadEncoding.Json, payload);
        Assert.Equal(expected.Bytes.ToArray(), chunky.WrittenBytes);
        Assert.True(chunky.SpansHandedOut > 100);
    }

    [Fact]
    public void Metadata_and_payload_share_one_copy_of_the_frame_tail()
    {
        var parsed = PhoenixBinarySerializer.ParseUserBroadcast(SpecFrames.UserBroadcastWithMetadataExample()).Value!;

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(parsed.Metadata, out var metadata));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(parsed.Payload, out var payload));
        Assert.Same(metadata.Array, payload.Array);
        Assert.Equal(metadata.Count, payload.Offset);
    }

    [Fact]
    public void Oversized_fields_are_rejected_when_writing()
    {
        var longText = new string('a', 256);
        var buffer = new ArrayBufferWriter<byte>();

        Assert.Throws<ArgumentException>(() => PhoenixBinarySerializer.WriteUserBroadcast(buffer, longText, "e", default, PhoenixPayloadEncoding.Json, "{}"u8));
        Assert.Throws<ArgumentException>(() => PhoenixBinarySerializer.WriteUserBroadcast(buffer, "t", longText, default, PhoenixPayloadEncoding.Json, "{}"u8));
        Assert.Throws<ArgumentException>(() => PhoenixBinarySerializer.WriteUserBroadcastPush(buffer, longText, null, "t", "e", default, PhoenixPayloadEncoding.Json, "{}"u8));
        Assert.Throws<ArgumentException>(() => PhoenixBinarySerializer.SerializeUserBroadcastPush(null, longText, "t", "e", default, PhoenixPayloadEncoding.Json, "{}"u8));
        Assert.Throws<ArgumentException>(() => PhoenixBinarySerializer.SerializeUserBroadcast("t", "e", Utf8($$"""{"m":"{{new string('m', 250)}}"}"""), PhoenixPayloadEncoding.Json, "{}"u8));
        Assert.Throws<ArgumentOutOfRangeException>(() => PhoenixBinarySerializer.SerializeUserBroadcast("t", "e", default, (PhoenixPayloadEncoding)2, "{}"u8));

        // 85 x "€" is exactly 255 UTF-8 bytes: the bound is bytes, not characters.
        var frame = PhoenixBinarySerializer.SerializeUserBroadcast(new string('\u20ac', 85), "e", default, PhoenixPayloadEncoding.Json, "{}"u8);
        Assert.Equal(255, frame.Bytes.Span[1]);
        Assert.Throws<ArgumentException>(() => PhoenixBinarySerializer.SerializeUserBroadcast(new string('\u20ac', 86), "e", default, PhoenixPayloadEncoding.Json, "{}"u8));
        Assert.Equal(0, buffer.WrittenCount);
    }
}
