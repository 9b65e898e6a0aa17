using AgentHub.Rest.Errors;
using AgentHub.Rest.Execution;
using AgentHub.Rest.Plan;
using AgentHub.Rest.Schema;
using AgentHub.Rest.Sql;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentHub.Rest.Http;

/// <summary>
/// One <c>/rest/v1</c> request end to end: API key and JWT, parse, schema check and SQL, the
/// transaction, the response. HTTP → query parser → SQL builder → Postgres.
/// </summary>
internal sealed partial class RestHandler(
    RestOptions options,
    RequestAuthenticator authenticator,
    SchemaCache cache,
    StatementExecutor executor,
    ILogger<RestHandler> logger)
{
    /// <summary>Where the data API is served; the resource path is what follows it.</summary>
    internal const string Prefix = "/rest/v1";

    private readonly RestParseOptions _parseOptions = RestParseOptions.Default with { ExposedSchemas = options.ExposedSchemas };
    private readonly BuildOptions _buildOptions = new(options.MaxRows);

    public async Task HandleAsync(HttpContext http)
    {
        RestResponse response;
        try
        {
            response = await RespondAsync(http).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away while sending its body (Kestrel reports "unexpected end of request
            // content"): nobody is left to answer.
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug must still answer in PostgREST's shape (clients parse every error body as JSON);
            // the cause goes to the log, never to the client.
            LogUnexpected(logger, e, request: http.Request.Method + " " + http.Request.Path);
            response = ErrorResponses.From(new RestError("XX000", 500, "Internal server error"));
        }

        RestResponseWriter.Write(http, response);
    }

    private async Task<RestResponse> RespondAsync(HttpContext http)
    {
        var request = http.Request;
        var apiKey = HttpRequestReader.Header(request, "apikey") ?? ApiKeyFromQuery(request);
        var (identity, authError) = await authenticator.AuthenticateAsync(apiKey, HttpRequestReader.Header(request, "Authorization")).ConfigureAwait(false);
        if (identity is null)
        {
            return authError!;
        }

        var path = request.Path.Value is { } full && full.StartsWith(Prefix, StringComparison.Ordinal) ? full[Prefix.Length..] : "";
        var target = RestRequestParser.ParseTarget(path);
        if (!target.IsSuccess)
        {
            return ErrorResponses.From(target.Error);
        }

        var headers = new RestRequestHeaders(
            HttpRequestReader.Header(request, "Accept"),
            HttpRequestReader.Header(request, "Prefer"),
            HttpRequestReader.Header(request, "Accept-Profile"),
            HttpRequestReader.Header(request, "Content-Profile"),
            HttpRequestReader.Header(request, "Range"),
            HttpRequestReader.Header(request, "Range-Unit"),
            HttpRequestReader.Header(request, "Content-Type"));
        var parsed = RestRequestParser.Parse(new RestRequest(request.Method, target.Value, HttpRequestReader.Query(request), headers), _parseOptions);
        if (!parsed.IsSuccess)
        {
            return ErrorResponses.From(parsed.Error);
        }

        var plan = parsed.Value;
        if (cache.Current is not { } schema)
        {
            return ErrorResponses.From(SchemaErrors.SchemaCacheNotLoaded());
        }

        JsonPayload? payload = null;
        if (plan.Context.Method is RestMethod.Post or RestMethod.Patch or RestMethod.Put)
        {
            var (body, bodyError) = await HttpRequestReader.BodyAsync(request, options.MaxBodyBytes, http.RequestAborted).ConfigureAwait(false);
            if (body is null)
            {
                return bodyError!;
            }

            var (read, payloadError) = ReadPayload(plan, body);
            if (payloadError is not null)
            {
                return ErrorResponses.From(payloadError);
            }

            payload = read;
        }

        var built = StatementBuilder.Build(plan, schema, payload, _buildOptions);
        if (!built.IsSuccess)
        {
            return ErrorResponses.From(built.Error);
        }

        var statement = built.Value;
        // The role's own settings first, so the request's search_path and a function's hoisted
        // statement_timeout (both later in the list) win over them.
        var setup = new TransactionSetup()
            .SetAll(schema.RoleSettings(identity.Role))
            .Set("search_path", SearchPath(plan.Context.Schema))
            .Set("role", identity.Role)
            .Set("request.jwt.claims", identity.ClaimsJson)
            .Set("request.method", request.Method)
            .Set("request.path", path.Length == 0 ? "/" : path)
            .Set("request.headers", HttpRequestReader.HeadersJson(request))
            .Set("request.cookies", HttpRequestReader.CookiesJson(request))
            // Blank, transaction-local: a response.* value a function left at session level on this
            // pooled connection (the pool does not reset connections) must not answer for this request.
            .Set("response.headers", "")
            .Set("response.status", "")
            .SetAll(statement.Settings);
        if (plan.Context.Preferences.Timezone is { } timezone)
        {
            setup.Set("timezone", timezone);
        }

        var prefs = plan.Context.Preferences;
        var decisionNeeded = !statement.ReadOnly
            && (plan.Context.Accept.Kind == MediaKind.SingularJson || prefs.EffectiveMaxAffected is not null || prefs.Transaction == TransactionPreference.Rollback);
        var response = await executor.ExecuteAsync(
            setup.ToCommand(statement.ReadOnly),
            statement,
            identity,
            (row, planned) => ResponseShaper.Shape(plan, statement, row, planned, options.MaxRows),
            decisionNeeded,
            http.RequestAborted).ConfigureAwait(false);

        if (response.Status >= 500)
        {
            LogServerError(logger, request.Method, path, response.Status);
        }

        if (plan.Context.SchemaFromHeader || options.ExposedSchemas.Count > 1)
        {
            response.Header("Content-Profile", plan.Context.Schema);
        }

        return response;
    }

    /// <summary>The request's schema, then the extra schemas, quoted; one string per exposed schema, built once.</summary>
    private string SearchPath(string schema) =>
        _searchPaths.GetOrAdd(schema, static (s, extra) => string.Join(", ", new[] { s }.Concat(extra).Distinct().Select(SqlText.Ident)), options.ExtraSearchPath);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _searchPaths = new(StringComparer.Ordinal);

    /// <summary>The body as JSON; an RPC POST without a body means no arguments.</summary>
    private static (JsonPayload? Payload, RestError? Error) ReadPayload(RestPlan plan, byte[] body)
    {
        if (plan is CallPlan && body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return (null, null);
        }

        var contentType = plan.Context.ContentType.Kind;
        if (contentType is not (MediaKind.Json or MediaKind.Any or MediaKind.SingularJson))
        {
            return (null, new RestError(RestErrorCodes.UnacceptableMediaType, 415,
                $"Content-Type not acceptable: {plan.Context.ContentType.Mime}"));
        }

        try
        {
            return (JsonPayload.Parse(body), null);
        }
        catch (RestException e)
        {
            return (null, e.Error);
        }
    }

    private static string? ApiKeyFromQuery(HttpRequest request)
    {
        foreach (var (key, value) in HttpRequestReader.Query(request))
        {
            if (key == "apikey")
            {
                return value;
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 3102, EventName = "RestUnexpectedError", Level = LogLevel.Error, Message = "Unexpected error answering {Request}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string request);

    [LoggerMessage(EventId = 3101, EventName = "RestServerError", Level = LogLevel.Warning,
        Message = "{Method} /rest/v1{Path} answered {Status}")]
    private static partial void LogServerError(ILogger logger, string method, string path, int status);
}
