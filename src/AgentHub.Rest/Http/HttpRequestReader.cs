using System.Buffers;
using System.Text;
using System.Text.Json;
using AgentHub.Rest.Errors;
using AgentHub.Rest.Execution;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Rest.Http;

/// <summary>Reads what the data API needs from an ASP.NET request: query pairs in URL order, headers, body.</summary>
internal static class HttpRequestReader
{
    /// <summary>
    /// Query parameters in URL order, <c>+</c> as space then percent-decoded (ASP.NET's dictionary
    /// would lose the order across keys, which decides e.g. which of two <c>order</c> parameters wins).
    /// </summary>
    public static List<KeyValuePair<string, string>> Query(HttpRequest request)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        var raw = request.QueryString.Value;
        if (string.IsNullOrEmpty(raw))
        {
            return pairs;
        }

        var query = raw.AsSpan(raw[0] == '?' ? 1 : 0);
        foreach (var range in query.Split('&'))
        {
            var part = query[range];
            if (part.IsEmpty)
            {
                continue;
            }

            var equals = part.IndexOf('=');
            var key = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? [] : part[(equals + 1)..];
            pairs.Add(new(Decode(key), Decode(value)));
        }

        return pairs;
    }

    /// <summary>A header's values joined with <c>", "</c> (several Prefer headers are one list), or null.</summary>
    public static string? Header(HttpRequest request, string name)
    {
        var values = request.Headers[name];
        return values.Count == 0 ? null : values.Count == 1 ? values[0] : string.Join(", ", values.ToArray());
    }

    /// <summary>
    /// Buffer and writer reused by the JSON settings of every request on this thread: they are built
    /// synchronously (no await in between), and reuse keeps two allocations and a copy off the hot path.
    /// </summary>
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_json;

    /// <summary>All headers as a JSON object with lower-cased names, for <c>request.headers</c>.</summary>
    public static string HeadersJson(HttpRequest request)
    {
        var (buffer, writer) = StartJson();
        Span<char> lower = stackalloc char[128];
        writer.WriteStartObject();
        foreach (var (name, values) in request.Headers)
        {
            var value = values.Count == 1 ? values[0] ?? "" : string.Join(", ", values.ToArray());
            if (name.Length <= lower.Length)
            {
                // Lower-casing into a stack buffer: header names arrive title-cased (Kestrel's known
                // headers), and a string per name per request adds up.
                var written = name.AsSpan().ToLowerInvariant(lower);
                writer.WriteString(lower[..written], value);
            }
            else
            {
                writer.WriteString(name.ToLowerInvariant(), value);
            }
        }

        writer.WriteEndObject();
        return FinishJson(buffer, writer);
    }

    /// <summary>Cookies as a JSON object, for <c>request.cookies</c>.</summary>
    public static string CookiesJson(HttpRequest request)
    {
        if (request.Cookies.Count == 0)
        {
            return "{}";
        }

        var (buffer, writer) = StartJson();
        writer.WriteStartObject();
        foreach (var (name, value) in request.Cookies)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
        return FinishJson(buffer, writer);
    }

    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer) StartJson()
    {
        if (t_json is not { } json)
        {
            var buffer = new ArrayBufferWriter<byte>(2048);
            json = (buffer, new Utf8JsonWriter(buffer, Execution.JsonOutput.Options));
            t_json = json;
        }

        json.Buffer.ResetWrittenCount();
        json.Writer.Reset(json.Buffer);
        return json;
    }

    private static string FinishJson(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer)
    {
        writer.Flush();
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (buffer.Capacity > 64 * 1024)
        {
            // A request with huge headers must not pin a large buffer to the thread for good.
            t_json = null;
        }

        return text;
    }

    /// <summary>The body, at most <paramref name="limit"/> bytes; null with a 413 response when larger.</summary>
    public static async Task<(byte[]? Body, RestResponse? Error)> BodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        // Straight from Kestrel's pipe: the body stays in its buffers until it is whole, then is copied
        // once into an array of its exact size (no growing intermediate buffer per request).
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.End);
                return (null, TooLarge(limit));
            }

            if (result.IsCompleted)
            {
                var body = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return (body, null);
            }

            // Not whole yet. A cancelled read is not the end either: Kestrel cancels pending reads
            // itself when the server stops and, once part of the body is examined but not consumed,
            // passes that through as IsCanceled; reading on gets the rest (an aborted request
            // throws from ReadAsync instead).
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static RestResponse TooLarge(int limit) =>
        ErrorResponses.From(new RestError(RestErrorCodes.InvalidBody, 413, "Request body too large",
            $"The body exceeds the limit of {limit} bytes."));

    /// <summary><c>+</c> as space, then percent-decoding; most keys and values need neither and are copied once.</summary>
    private static string Decode(ReadOnlySpan<char> text)
    {
        if (text.IndexOfAny('+', '%') < 0)
        {
            return text.ToString();
        }

        return Uri.UnescapeDataString(text.ToString().Replace('+', ' '));
    }
}
