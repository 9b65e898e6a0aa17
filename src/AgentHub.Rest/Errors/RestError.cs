using System.Text.Json;

namespace AgentHub.Rest.Errors;

/// <summary>
/// A PostgREST-shaped error: the four body keys (<c>code</c>, <c>message</c>, <c>details</c>,
/// <c>hint</c>) plus the HTTP status it is answered with (data-api.md §15.1).
/// </summary>
/// <remarks>
/// Values are public-safe by construction: they only echo what the client sent. Build them with
/// <see cref="RestErrors"/> so the wording stays in one place.
/// </remarks>
/// <param name="Code">PGRSTxxx or a SQLSTATE.</param>
/// <param name="Status">HTTP status.</param>
/// <param name="Message">Message.</param>
/// <param name="Details">Details as text.</param>
/// <param name="Hint">Hint.</param>
/// <param name="DetailsJson">Details as raw JSON instead of text (PGRST201 lists its candidates as an array).</param>
internal sealed record RestError(string Code, int Status, string Message, string? Details = null, string? Hint = null, string? DetailsJson = null)
{
    /// <summary>Writes the error body exactly as PostgREST does: all four keys, nulls included.</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("code", Code);
        writer.WriteString("message", Message);
        if (DetailsJson is not null)
        {
            writer.WritePropertyName("details");
            writer.WriteRawValue(DetailsJson, skipInputValidation: true);
        }
        else
        {
            WriteNullable(writer, "details", Details);
        }

        WriteNullable(writer, "hint", Hint);
        writer.WriteEndObject();
    }

    public override string ToString() => $"{Status} {Code}: {Message}" + (Details is null ? "" : $" ({Details})");

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
