using System.Buffers;
using System.Text.Json;
using AgentHub.Protocol.Phoenix.Internal;

namespace AgentHub.Protocol.Phoenix;

/// <summary>
/// Writes the text form of a broadcast payload, <c>{"type":"broadcast","event":…,"payload":…[,"meta":…]}</c>:
/// what a kind-3/kind-4 binary broadcast becomes for a vsn 1.0.0 recipient, or in a text frame.
/// </summary>
public static class PhoenixBroadcastPayload
{
    private static readonly JsonEncodedText s_typeKey = JsonEncodedText.Encode(PhoenixLiterals.TypeKey);
    private static readonly JsonEncodedText s_eventKey = JsonEncodedText.Encode(PhoenixLiterals.EventKey);
    private static readonly JsonEncodedText s_payloadKey = JsonEncodedText.Encode(PhoenixLiterals.PayloadKey);
    private static readonly JsonEncodedText s_metaKey = JsonEncodedText.Encode(PhoenixLiterals.MetaKey);
    private static readonly JsonEncodedText s_broadcast = JsonEncodedText.Encode(PhoenixLiterals.Broadcast);

    /// <summary>Writes the broadcast payload object.</summary>
    /// <param name="output">Receives the JSON.</param>
    /// <param name="userEvent">The app's event name.</param>
    /// <param name="payloadJson">The user payload as one JSON value (a binary-encoded payload has no text form); empty writes <c>{}</c>.</param>
    /// <param name="metaJson">Metadata as a JSON object, or empty to omit <c>meta</c>.</param>
    public static void Write(IBufferWriter<byte> output, string userEvent, ReadOnlySpan<byte> payloadJson, ReadOnlySpan<byte> metaJson)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(userEvent);
        var writer = JsonWriterCache.Rent(output);
        writer.WriteStartObject();
        writer.WriteString(s_typeKey, s_broadcast);
        writer.WriteString(s_eventKey, userEvent);
        writer.WritePropertyName(s_payloadKey);
        writer.WriteRawValue(payloadJson.IsEmpty ? PhoenixLiterals.EmptyObject : payloadJson, skipInputValidation: true);
        if (!metaJson.IsEmpty)
        {
            writer.WritePropertyName(s_metaKey);
            writer.WriteRawValue(metaJson, skipInputValidation: true);
        }

        writer.WriteEndObject();
        JsonWriterCache.Return(writer);
    }

    /// <summary>Returns the broadcast payload object as a new exact-size array.</summary>
    /// <inheritdoc cref="Write" path="/param[position() > 1]"/>
    public static byte[] Create(string userEvent, ReadOnlySpan<byte> payloadJson, ReadOnlySpan<byte> metaJson)
    {
        ArgumentNullException.ThrowIfNull(userEvent);
        using var buffer = new PooledBufferWriter(payloadJson.Length + metaJson.Length + (userEvent.Length * 3) + 64);
        Write(buffer, userEvent, payloadJson, metaJson);
        return buffer.WrittenSpan.ToArray();
    }
}
