using System.Text.Json;
using AgentHub.Auth.GoTrue.Errors;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Auth.GoTrue.Http;

/// <summary>
/// A request's JSON object, read with GoTrue's rules: at most <see cref="MaxBytes"/>, an empty body or
/// <c>null</c> is an empty object, anything else that is not an object, or a member of the wrong type,
/// is 400 <c>bad_json</c>. Members set to <c>null</c> read as absent, as Go's decoder leaves them.
/// </summary>
internal sealed class JsonBody
{
    /// <summary>GoTrue refuses bodies over 1 MB.</summary>
    public const int MaxBytes = 1024 * 1024;

    private readonly JsonElement _root;

    private JsonBody(JsonElement root) => _root = root;

    public static JsonBody Empty { get; } = new(JsonDocument.Parse("{}").RootElement.Clone());

    public static async Task<JsonBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes) throw TooLarge();
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes) throw TooLarge();
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) return Empty;

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw AuthError.BadRequest(AuthErrorCodes.BadJson, "Could not parse request body as JSON: " + e.Message).ToException();
        }
        return root.ValueKind switch
        {
            JsonValueKind.Object => new JsonBody(root),
            JsonValueKind.Null => Empty,
            _ => throw AuthError.BadRequest(AuthErrorCodes.BadJson, "Could not parse request body as JSON: the body must be a JSON object").ToException(),
        };
    }

    /// <summary>True when the member is present and not null.</summary>
    public bool Has(string name) => _root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public string? String(string name) => Member(name, JsonValueKind.String, "a string")?.GetString();

    public bool? Bool(string name)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(name, "a boolean"),
        };
    }

    /// <summary>A member that must be a JSON object, returned as is.</summary>
    public JsonElement? Object(string name) => Member(name, JsonValueKind.Object, "an object");

    private JsonElement? Member(string name, JsonValueKind kind, string expected)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != kind) throw WrongType(name, expected);
        return value;
    }

    private static AuthException WrongType(string name, string expected) =>
        AuthError.BadRequest(AuthErrorCodes.BadJson, $"Could not parse request body as JSON: \"{name}\" must be {expected}").ToException();

    private static AuthException TooLarge() =>
        AuthError.BadRequest(AuthErrorCodes.BadJson, "Could not read body into byte slice: request body too large").ToException();
}
