namespace AgentHub.Rest.Errors;

/// <summary>
/// Factory for the errors this layer produces, worded as PostgREST words them (PostgREST
/// src/PostgREST/Error.hs, data-api.md §15.3) so apps matching on messages keep working.
/// </summary>
internal static class RestErrors
{
    /// <summary>Longest slice of client input echoed back in a parse-error message.</summary>
    /// <remarks>PostgREST echoes the whole value; a 32 KiB <c>in</c> list echoed twice (log and
    /// body) buys nothing, so anything longer is cut with an ellipsis.</remarks>
    public const int MaxEchoedInput = 256;

    /// <summary>
    /// PGRST100 in PostgREST's Parsec shape: message <c>"failed to parse filter (noop.0)" (line 1, column 1)</c>,
    /// details the expectation text (<c>unexpected "n" expecting ...</c>).
    /// </summary>
    public static RestError QueryParse(string subject, string input, int position, string details) =>
        new(RestErrorCodes.QueryParse, 400,
            $"\"failed to parse {subject} ({Echo(input)})\" (line 1, column {position + 1})",
            details);

    /// <summary>PGRST100 for a named limit (<see cref="RestLimits"/>) that the request exceeds.</summary>
    public static RestError LimitExceeded(string what, long actual, long limit) =>
        new(RestErrorCodes.QueryParse, 400,
            $"{what} exceeds the limit of {limit}",
            $"The request has {actual}; the server accepts at most {limit}.");

    public static RestError InvalidRpcMethod(string method) =>
        new(RestErrorCodes.InvalidRpcMethod, 405, $"Cannot use the {method} method on RPC");

    public static RestError UnsupportedMethod(string method) =>
        new(RestErrorCodes.UnsupportedMethod, 405, $"Unsupported HTTP method: {method}");

    public static RestError NegativeLimit() =>
        new(RestErrorCodes.InvalidRange, 416, "Requested range not satisfiable",
            "Limit should be greater than or equal to zero.");

    /// <summary>Not in PostgREST (it passes a negative offset to Postgres); worded like its limit twin.</summary>
    public static RestError NegativeOffset() =>
        new(RestErrorCodes.InvalidRange, 416, "Requested range not satisfiable",
            "Offset should be greater than or equal to zero.");

    public static RestError LowerGreaterThanUpper() =>
        new(RestErrorCodes.InvalidRange, 416, "Requested range not satisfiable",
            "The lower boundary must be lower than or equal to the upper boundary in the Range header.");

    public static RestError UnacceptableSchema(string schema, IEnumerable<string> exposed) =>
        new(RestErrorCodes.UnacceptableSchema, 406, $"Invalid schema: {schema}", null,
            $"Only the following schemas are exposed: {string.Join(", ", exposed)}");

    public static RestError UnacceptableMediaType(IEnumerable<string> requested) =>
        new(RestErrorCodes.UnacceptableMediaType, 406,
            $"None of these media types are available: {string.Join(", ", requested)}");

    public static RestError NotEmbedded(string resource) =>
        new(RestErrorCodes.NotEmbedded, 400,
            $"'{resource}' is not an embedded resource in this request", null,
            $"Verify that '{resource}' is included in the 'select' query parameter.");

    public static RestError PutLimitNotAllowed() =>
        new(RestErrorCodes.PutLimitNotAllowed, 400, "limit/offset querystring parameters are not allowed for PUT");

    public static RestError UnacceptableFilter(string relation) =>
        new(RestErrorCodes.UnacceptableFilter, 400,
            $"Bad operator on the '{relation}' embedded resource",
            "Only is null or not is null filters are allowed on embedded resources");

    public static RestError InvalidPreferences(IEnumerable<string> invalid) =>
        new(RestErrorCodes.InvalidPreferences, 400, "Invalid preferences given with handling=strict",
            $"Invalid preferences: {string.Join(", ", invalid)}");

    public static RestError AggregatesNotAllowed() =>
        new(RestErrorCodes.AggregatesNotAllowed, 400, "Use of aggregate functions is not allowed");

    public static RestError InvalidResourcePath() =>
        new(RestErrorCodes.InvalidResourcePath, 404, "Invalid path specified in request URL");

    public static RestError OpenApiDisabled() =>
        new(RestErrorCodes.OpenApiDisabled, 404, "Root endpoint metadata is disabled");

    private static string Echo(string input) =>
        input.Length <= MaxEchoedInput ? input : string.Concat(input.AsSpan(0, MaxEchoedInput), "...");
}
