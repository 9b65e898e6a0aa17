using static AgentHub.Protocol.Phoenix.Tests.TestBytes;

namespace AgentHub.Protocol.Phoenix.Tests;

/// <summary>
/// Seeded mutation fuzzing of every parser entry point. Properties: no input throws; whatever parses
/// re-serializes to something that parses to the same message; span and multi-segment sequence agree.
/// A failing seed/iteration is printed so it can become a regression case.
/// </summary>
public sealed class FuzzTests
{
    private const int IterationsPerSeed = 2_500;

    // Bytes that matter to the grammars: JSON structure, escapes, UTF-8 lead/continuation bytes, binary kinds and lengths.
    private static readonly byte[] Interesting =
        "[]{}\",:\\nul0123456789-+.eEtrufas u"u8.ToArray().Concat(new byte[] { 0x00, 0x01, 0x03, 0x04, 0x1F, 0x7F, 0x80, 0xBF, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xFF }).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(20260501)]
    [InlineData(424242)]
    public void Text_parsers_never_throw_and_accepted_frames_round_trip(int seed)
    {
        var random = new Random(seed);
        var corpus = SpecFrames.AllV2.Select(Utf8)
            .Concat(SpecFrames.AllV2.Select(frame => PhoenixV1Serializer.Instance.Serialize(PhoenixV2Serializer.Instance.Parse(Utf8(frame)).Value!).Bytes.ToArray()))
            .ToArray();
        var accepted = 0;
        var rejected = 0;

        for (var i = 0; i < IterationsPerSeed; i++)
        {
            var input = Mutate(random, corpus[random.Next(corpus.Length)]);
            var cut = random.Next(1, Math.Max(2, input.Length));
            foreach (var serializer in new PhoenixSerializer[] { PhoenixV2Serializer.Instance, PhoenixV1Serializer.Instance })
            {
                PhoenixParseResult<PhoenixMessage> fromSpan;
                PhoenixParseResult<PhoenixMessage> fromSequence;
                try
                {
                    fromSpan = serializer.Parse(input);
                    fromSequence = serializer.Parse(Split(input, cut, cut + 7));
                }
                catch (Exception ex)
                {
                    Assert.Fail($"vsn {serializer.Vsn} seed {seed} iteration {i} threw {ex.GetType().Name} for {Convert.ToHexString(input)}");
                    throw;
                }

                Assert.True(fromSpan.IsSuccess == fromSequence.IsSuccess, $"span/sequence disagree: seed {seed} iteration {i} {fromSpan} vs {fromSequence}");
                if (!fromSpan.IsSuccess)
                {
                    rejected++;
                    Assert.NotEqual(PhoenixParseErrorCode.None, fromSpan.Error.Code);
                    Assert.Equal(fromSpan.Error.Code, fromSequence.Error.Code);
                    continue;
                }

                accepted++;
                RoundTripTests.AssertSame(fromSpan.Value, fromSequence.Value!);
                var again = serializer.Parse(serializer.Serialize(fromSpan.Value).Bytes.Span);
                Assert.True(again.IsSuccess, $"re-serialized frame failed: seed {seed} iteration {i}: {again}");
                RoundTripTests.AssertSame(fromSpan.Value, again.Value);
            }
        }

        // Both outcomes must be common, or the mutations are not exploring the grammar.
        Assert.InRange(accepted, IterationsPerSeed / 20, IterationsPerSeed * 2);
        Assert.InRange(rejected, IterationsPerSeed / 20, IterationsPerSeed * 2);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(99991)]
    public void Binary_parsers_never_throw_and_accepted_frames_round_trip(int seed)
    {
        var random = new Random(seed);
        byte[][] corpus =
        [
            SpecFrames.UserBroadcastPushExample(),
            SpecFrames.UserBroadcastExample(),
            SpecFrames.UserBroadcastWithMetadataExample(),
            PhoenixBinarySerializer.SerializeUserBroadcastPush("12", "13", "realtime:x", "evt", """{"id":"1"}"""u8, PhoenixPayloadEncoding.Binary, [1, 2, 3]).Bytes.ToArray(),
        ];
        var accepted = 0;

        for (var i = 0; i < IterationsPerSeed; i++)
        {
            var input = Mutate(random, corpus[random.Next(corpus.Length)]);
            var cut = random.Next(1, Math.Max(2, input.Length));
            try
            {
                var push = PhoenixBinarySerializer.ParseUserBroadcastPush(input);
                var pushFromSequence = PhoenixBinarySerializer.ParseUserBroadcastPush(Split(input, cut));
                Assert.Equal(push.IsSuccess, pushFromSequence.IsSuccess);
                Assert.Equal(push.Error.Code, pushFromSequence.Error.Code);
                if (push.IsSuccess)
                {
                    accepted++;
                    var p = push.Value;
                    var again = PhoenixBinarySerializer.ParseUserBroadcastPush(
                        PhoenixBinarySerializer.SerializeUserBroadcastPush(p.JoinRef, p.Ref, p.Topic, p.UserEvent, p.Metadata.Span, p.PayloadEncoding, p.Payload.Span).Bytes.Span);
                    Assert.True(again.IsSuccess, again.ToString());
                    Assert.Equal(p.ToString(), again.Value.ToString());
                    Assert.True(p.Payload.Span.SequenceEqual(again.Value.Payload.Span));
                }

                var broadcast = PhoenixBinarySerializer.ParseUserBroadcast(input);
                var broadcastFromSequence = PhoenixBinarySerializer.ParseUserBroadcast(Split(input, cut));
                Assert.Equal(broadcast.IsSuccess, broadcastFromSequence.IsSuccess);
                Assert.Equal(broadcast.Error.Code, broadcastFromSequence.Error.Code);
                if (broadcast.IsSuccess)
                {
                    accepted++;
                    var b = broadcast.Value;
                    var again = PhoenixBinarySerializer.ParseUserBroadcast(
                        PhoenixBinarySerializer.SerializeUserBroadcast(b.Topic, b.UserEvent, b.Metadata.Span, b.PayloadEncoding, b.Payload.Span).Bytes.Span);
                    Assert.True(again.IsSuccess, again.ToString());
                    Assert.True(b.Payload.Span.SequenceEqual(again.Value.Payload.Span));
                }

                // A binary frame handed to a text parser (wrong opcode) must be rejected just as quietly.
                _ = PhoenixV2Serializer.Instance.Parse(input);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"seed {seed} iteration {i} threw {ex.GetType().Name}: {ex.Message} for {Convert.ToHexString(input)}");
            }
        }

        Assert.InRange(accepted, IterationsPerSeed / 20, IterationsPerSeed);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(5);
        for (var i = 0; i < 2_000; i++)
        {
            var input = new byte[random.Next(0, 64)];
            random.NextBytes(input);
            if (input.Length > 0 && random.Next(2) == 0)
            {
                input[0] = (byte)"[{34"[random.Next(4)];
            }

            _ = PhoenixV2Serializer.Instance.Parse(input);
            _ = PhoenixV1Serializer.Instance.Parse(input);
            _ = PhoenixBinarySerializer.ParseUserBroadcastPush(input);
            _ = PhoenixBinarySerializer.ParseUserBroadcast(input);
        }
    }

    private static byte[] Mutate(Random random, byte[] source)
    {
        var bytes = source.ToList();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 1:
                    bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveAt(at);
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 5 when bytes.Count > 0:
                    var length = random.Next(1, Math.Min(16, bytes.Count - at) + 1);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                default:
                    // Flip a binary length byte or the encoding byte near the front.
                    if (bytes.Count > 7)
                    {
                        bytes[random.Next(1, 7)] = (byte)random.Next(256);
                    }

                    break;
            }
        }

        return [.. bytes];
    }
}
