namespace AgentHub.Rest.Errors;

/// <summary>
/// PostgREST's own error codes (data-api.md §15.3). The values are wire contract: clients switch on
/// them, so never renumber. Only the request-level subset is produced by this assembly's parser;
/// the rest are listed so later layers (schema cache, execution, auth) share one catalog.
/// </summary>
internal static class RestErrorCodes
{
    public const string ConnectionError = "PGRST000";
    public const string ConnectionLost = "PGRST001";
    public const string SchemaCacheNotLoaded = "PGRST002";
    public const string PoolTimeout = "PGRST003";

    /// <summary>Query-string parse error (400).</summary>
    public const string QueryParse = "PGRST100";
    /// <summary>Method not allowed on an RPC endpoint (405).</summary>
    public const string InvalidRpcMethod = "PGRST101";
    /// <summary>Invalid or empty body (400).</summary>
    public const string InvalidBody = "PGRST102";
    /// <summary>Unsatisfiable range, negative limit, offset beyond the count (416).</summary>
    public const string InvalidRange = "PGRST103";
    /// <summary>PUT filters must be exactly the primary key with <c>eq</c> (405).</summary>
    public const string InvalidPutFilters = "PGRST105";
    /// <summary>Schema from Accept-Profile / Content-Profile is not exposed (406).</summary>
    public const string UnacceptableSchema = "PGRST106";
    /// <summary>No producible media type in <c>Accept</c> (406).</summary>
    public const string UnacceptableMediaType = "PGRST107";
    /// <summary>Filter/order/limit on a relation that is not embedded in <c>select</c> (400).</summary>
    public const string NotEmbedded = "PGRST108";
    /// <summary><c>limit</c>/<c>offset</c> used with PUT (400).</summary>
    public const string PutLimitNotAllowed = "PGRST114";
    /// <summary>PUT payload does not match the primary key filter (400).</summary>
    public const string PutMatchingPk = "PGRST115";
    /// <summary>Singular response requested but 0 or more than 1 rows (406).</summary>
    public const string Singularity = "PGRST116";
    /// <summary>HTTP method not supported at all (405).</summary>
    public const string UnsupportedMethod = "PGRST117";
    /// <summary>Order by a column of a to-many embed (400).</summary>
    public const string RelatedOrderNotToOne = "PGRST118";
    /// <summary>Operator other than <c>is.null</c>/<c>not.is.null</c> on an embed name (400).</summary>
    public const string UnacceptableFilter = "PGRST120";
    /// <summary>Unknown preference under <c>handling=strict</c> (400).</summary>
    public const string InvalidPreferences = "PGRST122";
    /// <summary>Aggregate functions used while disabled (400).</summary>
    public const string AggregatesNotAllowed = "PGRST123";
    /// <summary><c>max-affected</c> exceeded (400).</summary>
    public const string MaxAffectedViolation = "PGRST124";
    /// <summary>Path with more segments than <c>T</c> or <c>rpc/f</c> (404).</summary>
    public const string InvalidResourcePath = "PGRST125";
    /// <summary>Root endpoint (OpenAPI) is disabled (404).</summary>
    public const string OpenApiDisabled = "PGRST126";

    public const string NoRelationship = "PGRST200";
    public const string AmbiguousRelationship = "PGRST201";
    public const string NoFunction = "PGRST202";
    public const string AmbiguousFunction = "PGRST203";
    public const string ColumnNotFound = "PGRST204";
    public const string TableNotFound = "PGRST205";

    public const string JwtSecretMissing = "PGRST300";
    public const string JwtInvalid = "PGRST301";
    public const string AnonymousDisabled = "PGRST302";
    public const string JwtClaimsInvalid = "PGRST303";
}
