namespace AgentHub.Rest.Plan;

/// <summary>A decoded media type.</summary>
/// <param name="Kind">What PostgREST makes of it.</param>
/// <param name="Mime">Canonical <c>type/subtype</c> (as sent for <see cref="MediaKind.Other"/>), used in 406 messages.</param>
/// <param name="StripNulls"><c>nulls=stripped</c> on the vnd.pgrst array/object types (client <c>.stripNulls()</c>).</param>
/// <param name="Plan">Parameters of the plan media type.</param>
internal sealed record MediaType(MediaKind Kind, string Mime, bool StripNulls = false, PlanMedia? Plan = null)
{
    public static MediaType Json { get; } = new(MediaKind.Json, "application/json");

    public static MediaType SingularJson { get; } = new(MediaKind.SingularJson, "application/vnd.pgrst.object+json");

    public static MediaType Csv { get; } = new(MediaKind.Csv, "text/csv");

    public static MediaType GeoJson { get; } = new(MediaKind.GeoJson, "application/geo+json");

    public static MediaType TextPlain { get; } = new(MediaKind.TextPlain, "text/plain");

    public static MediaType TextXml { get; } = new(MediaKind.TextXml, "text/xml");

    public static MediaType OctetStream { get; } = new(MediaKind.OctetStream, "application/octet-stream");

    public static MediaType Any { get; } = new(MediaKind.Any, "*/*");

    public override string ToString() => Mime + (StripNulls ? ";nulls=stripped" : "");
}
