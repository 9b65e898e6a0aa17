namespace AgentHub.Rest.Plan;

/// <summary>Request-wide facts shared by every plan kind.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Schema">Schema chosen from Accept-Profile / Content-Profile (or the default).</param>
/// <param name="SchemaFromHeader">Whether a profile header chose it (the response then echoes <c>Content-Profile</c>).</param>
/// <param name="Resource">Table, view or function name, as in the URL (case-sensitive).</param>
/// <param name="Accept">Negotiated response media type.</param>
/// <param name="ContentType">Payload media type (JSON when absent or for bodiless methods).</param>
/// <param name="Preferences">Recognised <c>Prefer</c> tokens.</param>
internal sealed record PlanContext(
    RestMethod Method,
    string Schema,
    bool SchemaFromHeader,
    string Resource,
    MediaType Accept,
    MediaType ContentType,
    Preferences Preferences)
{
    public override string ToString()
    {
        var text = $"{Method.ToString().ToUpperInvariant()} {PlanText.Identifier(Schema)}.{PlanText.Identifier(Resource)} accept={Accept}";
        var prefer = Preferences.ToString();
        return prefer.Length == 0 ? text : text + " prefer=\"" + prefer + "\"";
    }
}
