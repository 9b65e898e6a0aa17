using System.Text.Json;
using AgentHub.Protocol.Phoenix.Internal;

namespace AgentHub.Protocol.Phoenix;

/// <summary>
/// vsn 2.0.0 (realtime-js' default): text frames are JSON arrays <c>[join_ref, ref, topic, event, payload]</c>.
/// </summary>
/// <remarks>
/// Elements after the fifth are validated as JSON but otherwise ignored, as the Supabase server's
/// decoder does. Broadcasts may also travel as binary frames, see <see cref="PhoenixBinarySerializer"/>.
/// </remarks>
public sealed class PhoenixV2Serializer : PhoenixSerializer
{
    /// <summary>The version string, <c>2.0.0</c>.</summary>
    public const string Version = "2.0.0";

    private PhoenixV2Serializer()
    {
    }

    /// <summary>The shared instance.</summary>
    public static PhoenixV2Serializer Instance { get; } = new();

    /// <inheritdoc/>
    public override string Vsn => Version;

    /// <inheritdoc/>
    public override bool SupportsBinaryFrames => true;

    /// <inheritdoc/>
    private protected override PhoenixParseResult<PhoenixMessage> ParseDocument(ref Utf8JsonReader reader, scoped in FrameSource source)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return ParseErrors.UnexpectedShape("vsn 2.0.0 text frame must be a JSON array");
        }

        if (!NextElement(ref reader))
        {
            return ParseErrors.ArrayTooShort(0);
        }

        if (!JsonFrameReader.TryReadRef(ref reader, isJoinRef: true, out var joinRef, out var error))
        {
            return error;
        }

        if (!NextElement(ref reader))
        {
            return ParseErrors.ArrayTooShort(1);
        }

        if (!JsonFrameReader.TryReadRef(ref reader, isJoinRef: false, out var @ref, out error))
        {
            return error;
        }

        if (!NextElement(ref reader))
        {
            return ParseErrors.ArrayTooShort(2);
        }

        if (!JsonFrameReader.TryReadTopic(ref reader, out var topic, out error))
        {
            return error;
        }

        if (!NextElement(ref reader))
        {
            return ParseErrors.ArrayTooShort(3);
        }

        if (!JsonFrameReader.TryReadEvent(ref reader, out var @event, out error))
        {
            return error;
        }

        if (!NextElement(ref reader))
        {
            return ParseErrors.ArrayTooShort(4);
        }

        var payloadStart = reader.TokenStartIndex;
        if (!JsonFrameReader.TrySkipValue(ref reader, out error))
        {
            return error;
        }

        var payloadEnd = reader.BytesConsumed;
        while (NextElement(ref reader))
        {
            if (!JsonFrameReader.TrySkipValue(ref reader, out error))
            {
                return error;
            }
        }

        return Complete(ref reader, source, joinRef, @ref, topic, @event, payloadStart, payloadEnd);
    }

    /// <inheritdoc/>
    private protected override void WriteFrameStart(Utf8JsonWriter writer, string? joinRef, string? @ref, string topic, string @event)
    {
        writer.WriteStartArray();
        WriteNullableString(writer, joinRef);
        WriteNullableString(writer, @ref);
        writer.WriteStringValue(topic);
        writer.WriteStringValue(@event);
    }

    /// <inheritdoc/>
    private protected override void WriteFrameEnd(Utf8JsonWriter writer) => writer.WriteEndArray();

    // Inside an array a final-block reader either yields the next token or throws, so Read() is not checked.
    private static bool NextElement(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType != JsonTokenType.EndArray;
    }
}
