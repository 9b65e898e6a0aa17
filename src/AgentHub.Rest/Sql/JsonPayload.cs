using System.Text;
using System.Text.Json;
using AgentHub.Rest.Errors;

namespace AgentHub.Rest.Sql;

/// <summary>
/// A JSON request body, validated once and scanned for the top-level keys of its object(s): the
/// keys decide the column list (data-api.md §10.1) and the RPC overload (§11). The text itself is
/// sent to Postgres as one <c>json</c> parameter; Postgres converts the values.
/// </summary>
internal sealed class JsonPayload
{
    private JsonPayload(string json, JsonValueKind kind, IReadOnlyList<HashSet<string>> rows, bool allObjects)
    {
        Json = json;
        Kind = kind;
        Rows = rows;
        AllObjects = allObjects;
    }

    /// <summary>The body as sent.</summary>
    public string Json { get; }

    /// <summary>The root value's kind.</summary>
    public JsonValueKind Kind { get; }

    /// <summary>Keys of the root object, or of each element of a root array that is an object.</summary>
    public IReadOnlyList<HashSet<string>> Rows { get; }

    /// <summary>Whether the root is an object or an array of objects only.</summary>
    public bool AllObjects { get; }

    public bool IsArray => Kind == JsonValueKind.Array;

    /// <summary>The rows as a JSON array (a single object wrapped), for <c>json_populate_recordset</c>.</summary>
    public string AsArrayJson => IsArray ? Json : "[" + Json + "]";

    /// <summary>Every key of every row, in first-seen order.</summary>
    public IReadOnlyList<string> UnionOfKeys()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var row in Rows)
        {
            foreach (var key in row)
            {
                if (seen.Add(key))
                {
                    keys.Add(key);
                }
            }
        }

        return keys;
    }

    /// <summary>Parses and scans <paramref name="utf8"/>; PGRST102 when it is not one valid JSON value.</summary>
    public static JsonPayload Parse(ReadOnlySpan<byte> utf8)
    {
        string json;
        try
        {
            json = new UTF8Encoding(false, true).GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            throw new RestException(InvalidBody());
        }

        if (string.IsNullOrWhiteSpace(json))
        {
            throw new RestException(InvalidBody());
        }

        var rows = new List<HashSet<string>>();
        var allObjects = true;
        JsonValueKind kind;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 512 });
            reader.Read();
            kind = reader.TokenType switch
            {
                JsonTokenType.StartObject => JsonValueKind.Object,
                JsonTokenType.StartArray => JsonValueKind.Array,
                JsonTokenType.String => JsonValueKind.String,
                JsonTokenType.Number => JsonValueKind.Number,
                JsonTokenType.True => JsonValueKind.True,
                JsonTokenType.False => JsonValueKind.False,
                _ => JsonValueKind.Null,
            };
            if (kind == JsonValueKind.Object)
            {
                rows.Add(ReadKeys(ref reader));
            }
            else if (kind == JsonValueKind.Array)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        rows.Add(ReadKeys(ref reader));
                    }
                    else
                    {
                        allObjects = false;
                        reader.Skip();
                    }
                }
            }
            else
            {
                allObjects = false;
                reader.Skip();
            }

            if (reader.Read())
            {
                throw new RestException(InvalidBody());
            }
        }
        catch (JsonException)
        {
            throw new RestException(InvalidBody());
        }

        return new JsonPayload(json, kind, rows, allObjects);
    }

    public static RestError InvalidBody(string message = "Empty or invalid json") =>
        new(RestErrorCodes.InvalidBody, 400, message);

    private static HashSet<string> ReadKeys(ref Utf8JsonReader reader)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            keys.Add(reader.GetString()!);
            reader.Read();
            reader.Skip();
        }

        return keys;
    }
}
