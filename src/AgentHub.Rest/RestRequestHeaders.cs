namespace AgentHub.Rest;

/// <summary>The request headers the data-API parser reads, as plain strings (null when absent).</summary>
/// <param name="Accept">Response media types.</param>
/// <param name="Prefer">All <c>Prefer</c> headers joined with <c>", "</c>.</param>
/// <param name="AcceptProfile">Schema for GET/HEAD.</param>
/// <param name="ContentProfile">Schema for POST/PATCH/PUT/DELETE.</param>
/// <param name="Range">Row range such as <c>0-24</c>.</param>
/// <param name="RangeUnit">Unit of <paramref name="Range"/> (<c>items</c>).</param>
/// <param name="ContentType">Payload media type.</param>
internal sealed record RestRequestHeaders(
    string? Accept = null,
    string? Prefer = null,
    string? AcceptProfile = null,
    string? ContentProfile = null,
    string? Range = null,
    string? RangeUnit = null,
    string? ContentType = null)
{
    public static RestRequestHeaders None { get; } = new();
}
