namespace AgentHub.Rest.Plan;

/// <summary>Media types PostgREST knows, for <c>Accept</c> (response) and <c>Content-Type</c> (payload).</summary>
internal enum MediaKind
{
    /// <summary><c>*/*</c> (or a <c>type/*</c> range) before negotiation picks a concrete type.</summary>
    Any,
    /// <summary><c>application/json</c> (also <c>application/vnd.pgrst.array+json</c>): JSON array.</summary>
    Json,
    /// <summary><c>application/vnd.pgrst.object+json</c>: exactly one row as an object.</summary>
    SingularJson,
    /// <summary><c>text/csv</c>.</summary>
    Csv,
    /// <summary><c>application/geo+json</c> (needs PostGIS).</summary>
    GeoJson,
    /// <summary><c>application/vnd.pgrst.plan</c>: EXPLAIN output (disabled unless configured).</summary>
    Plan,
    /// <summary><c>text/plain</c> (RPC returning text).</summary>
    TextPlain,
    /// <summary><c>text/xml</c> (RPC returning xml).</summary>
    TextXml,
    /// <summary><c>application/octet-stream</c> (RPC returning bytea).</summary>
    OctetStream,
    /// <summary><c>application/openapi+json</c> (root endpoint only).</summary>
    OpenApi,
    /// <summary><c>application/x-www-form-urlencoded</c> (payload only).</summary>
    FormUrlEncoded,
    /// <summary>Anything else; <see cref="MediaType.Mime"/> holds it as sent.</summary>
    Other,
}
