using AgentHub.Rest.Errors;
using AgentHub.Rest.Parsing;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest;

/// <summary>
/// Entry point of the data-API front end: turns a <see cref="RestRequest"/> into a
/// <see cref="ReadPlan"/>, <see cref="MutatePlan"/> or <see cref="CallPlan"/>, or into the PostgREST
/// error to answer with. No database access: identifiers are syntax-checked here and resolved
/// against the schema cache by the next layer.
/// </summary>
/// <remarks>
/// Error contract: this method never throws for any input. Parsers signal failures with
/// <see cref="RestException"/>, which is caught here and only here and returned as a failed
/// <see cref="RestResult{T}"/>. Any other exception escaping would be a bug (the fuzz test guards it).
/// <para>
/// Checks run in PostgREST's order, so a request with several problems reports the same one:
/// path and method (PGRST125/126, PGRST101/117), schema (PGRST106), query string (PGRST100, limits),
/// preferences (PGRST122), PUT range (PGRST114), Range header (PGRST103), plan assembly
/// (PGRST108/120/123), media type (PGRST107).
/// </para>
/// </remarks>
internal static class RestRequestParser
{
    private static readonly MediaType PlanOffer = new(MediaKind.Plan, "application/vnd.pgrst.plan");

    public static RestResult<RestPlan> Parse(RestRequest request, RestParseOptions options)
    {
        try
        {
            return Build(request, options);
        }
        catch (RestException e)
        {
            return e.Error;
        }
    }

    /// <summary>Parses the path below <c>/rest/v1/</c> into a <see cref="RestTarget"/> (PGRST125 when too deep).</summary>
    public static RestResult<RestTarget> ParseTarget(string path)
    {
        try
        {
            return ResourcePathParser.Parse(path);
        }
        catch (RestException e)
        {
            return e.Error;
        }
    }

    private static RestPlan Build(RestRequest request, RestParseOptions options)
    {
        var target = request.Target;
        if (target.IsRoot)
        {
            throw new RestException(RestErrors.OpenApiDisabled());
        }

        var method = ParseMethod(request.Method, target.IsFunction);
        var headers = request.Headers;
        CheckHeaderLengths(headers);

        var exposed = options.ExposedSchemas.Count > 0 ? options.ExposedSchemas : ["public"];
        var (schema, schemaFromHeader) = ProfileParser.Select(method, headers.AcceptProfile, headers.ContentProfile, exposed);

        var isRead = method is RestMethod.Get or RestMethod.Head;
        var parsed = QueryStringParser.Parse(request.Query, target.IsFunction && isRead, options);
        var preferences = PreferParser.Parse(headers.Prefer, options.AllowTransactionOverride);
        if (method == RestMethod.Put && parsed.HasRootRange)
        {
            throw new RestException(RestErrors.PutLimitNotAllowed());
        }

        // PostgREST applies the Range header to reads only; writes page with limit/offset.
        var headerRange = isRead ? RangeParser.ParseHeader(headers.Range, headers.RangeUnit) : PageRange.All;
        var query = PlanBuilder.Build(parsed, headerRange, options.AggregatesEnabled);
        var accept = MediaTypeParser.Negotiate(headers.Accept, Offers(target.IsFunction, options.PlanEnabled));
        var contentType = isRead || method == RestMethod.Delete ? MediaType.Json : MediaTypeParser.ParseContentType(headers.ContentType);
        var context = new PlanContext(method, schema, schemaFromHeader, target.Name, accept, contentType, preferences);

        if (target.IsFunction)
        {
            var source = isRead ? CallArgumentSource.Query
                : preferences.SingleObjectParams ? CallArgumentSource.SingleObject
                : CallArgumentSource.Body;
            return new CallPlan(context, source, parsed.Arguments, parsed.Columns, query);
        }

        if (isRead)
        {
            return new ReadPlan(context, query);
        }

        var kind = method switch
        {
            RestMethod.Post => preferences.Resolution is null ? MutationKind.Insert : MutationKind.Upsert,
            RestMethod.Patch => MutationKind.Update,
            RestMethod.Put => MutationKind.SingleUpsert,
            _ => MutationKind.Delete,
        };
        return new MutatePlan(context, kind, query, parsed.Columns, parsed.OnConflict);
    }

    /// <summary>Relations take GET/HEAD/POST/PATCH/PUT/DELETE; functions GET/HEAD/POST.</summary>
    /// <remarks>OPTIONS (CORS preflight, allowed-methods) is answered by the host before parsing.</remarks>
    private static RestMethod ParseMethod(string method, bool isFunction)
    {
        RestMethod? parsed = method.ToUpperInvariant() switch
        {
            "GET" => RestMethod.Get,
            "HEAD" => RestMethod.Head,
            "POST" => RestMethod.Post,
            "PATCH" => RestMethod.Patch,
            "PUT" => RestMethod.Put,
            "DELETE" => RestMethod.Delete,
            _ => null,
        };

        if (parsed is null)
        {
            throw new RestException(RestErrors.UnsupportedMethod(method));
        }

        if (isFunction && parsed is not (RestMethod.Get or RestMethod.Head or RestMethod.Post))
        {
            throw new RestException(RestErrors.InvalidRpcMethod(method.ToUpperInvariant()));
        }

        return parsed.Value;
    }

    /// <summary>The media types a request may negotiate; four fixed lists, built once rather than per request.</summary>
    private static IReadOnlyList<MediaType> Offers(bool isFunction, bool planEnabled) => (isFunction, planEnabled) switch
    {
        (false, false) => RelationOffers,
        (false, true) => RelationOffersWithPlan,
        (true, false) => FunctionOffers,
        (true, true) => FunctionOffersWithPlan,
    };

    private static readonly MediaType[] RelationOffers = [MediaType.Json, MediaType.SingularJson, MediaType.Csv, MediaType.GeoJson];

    private static readonly MediaType[] RelationOffersWithPlan = [.. RelationOffers, PlanOffer];

    /// <summary>Raw media types are only usable when the function returns text/xml/bytea; the execution layer checks that.</summary>
    private static readonly MediaType[] FunctionOffers = [.. RelationOffers, MediaType.TextPlain, MediaType.TextXml, MediaType.OctetStream];

    private static readonly MediaType[] FunctionOffersWithPlan = [.. FunctionOffers, PlanOffer];

    private static void CheckHeaderLengths(RestRequestHeaders headers)
    {
        Check("Accept", headers.Accept);
        Check("Prefer", headers.Prefer);
        Check("Accept-Profile", headers.AcceptProfile);
        Check("Content-Profile", headers.ContentProfile);
        Check("Range", headers.Range);
        Check("Range-Unit", headers.RangeUnit);
        Check("Content-Type", headers.ContentType);

        static void Check(string name, string? value)
        {
            if (value is { Length: > RestLimits.MaxHeaderLength })
            {
                throw new RestException(RestErrors.LimitExceeded($"Length of the {name} header", value.Length, RestLimits.MaxHeaderLength));
            }
        }
    }
}
