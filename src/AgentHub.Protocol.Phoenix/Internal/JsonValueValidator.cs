using System.Text.Json;
using System.Text.Unicode;

namespace AgentHub.Protocol.Phoenix.Internal;

/// <summary>
/// Checks that a standalone byte range is exactly one well-formed JSON value within the depth limit,
/// for the JSON parts of binary frames (metadata and JSON-encoded payloads), which are relayed to
/// clients that would otherwise fail inside <c>JSON.parse</c>.
/// </summary>
internal static class JsonValueValidator
{
    /// <param name="json">The bytes to check.</param>
    /// <param name="requireObject">True when only a JSON object is acceptable (metadata).</param>
    /// <param name="invalid">The error to report for malformed or wrongly typed JSON.</param>
    /// <param name="field">The field name for the invalid-UTF-8 message.</param>
    /// <param name="error">The failure, when false is returned.</param>
    public static bool TryValidate(ReadOnlySpan<byte> json, bool requireObject, PhoenixParseError invalid, string field, out PhoenixParseError error)
    {
        if (json.IsEmpty)
        {
            error = invalid;
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(json, JsonFrameReader.ReaderOptions);
            reader.Read();
            if (requireObject && reader.TokenType != JsonTokenType.StartObject)
            {
                error = invalid;
                return false;
            }

            if (!JsonFrameReader.TrySkipValue(ref reader, out error))
            {
                return false;
            }

            // A second Read throws on trailing data, so returning false means the value ended the input.
            if (reader.Read())
            {
                error = invalid;
                return false;
            }
        }
        catch (JsonException)
        {
            error = invalid;
            return false;
        }

        if (!Utf8.IsValid(json))
        {
            error = ParseErrors.InvalidUtf8(field);
            return false;
        }

        error = default;
        return true;
    }
}
