using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace AgentHub.Dashboard;

/// <summary>
/// Serves the dashboard at its one canonical address, <c>/dashboard/</c>; <c>/</c> and <c>/dashboard</c>
/// redirect there (with the trailing slash the page's relative asset URLs resolve below it).
/// </summary>
/// <remarks>
/// Every response carries a strong ETag and <c>Cache-Control: no-cache</c>: the file names carry no
/// content hash (there is no bundler), so a browser must revalidate to pick up a new hub version, and a
/// revalidation costs one 304. The page gets a Content-Security-Policy that allows only this origin:
/// no inline script, no CDN, no other host to talk to.
/// </remarks>
internal static class DashboardEndpoints
{
    /// <summary>The canonical address of the page.</summary>
    public const string BasePath = "/dashboard/";

    private static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];

    private const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder routes, DashboardAssets assets)
    {
        routes.MapMethods("/", ReadMethods, () => Results.Redirect(BasePath)).ExcludeFromDescription();
        // Routing ignores a trailing slash, so /dashboard and /dashboard/ reach this one endpoint: the
        // slash is checked here, because without it the page's relative URLs would resolve one level up.
        routes.MapMethods(BasePath + "{**path}", ReadMethods, (HttpContext context, string? path) =>
                string.IsNullOrEmpty(path) && !context.Request.Path.Value!.EndsWith('/') ? Results.Redirect(BasePath) : Serve(context, assets.Find(path ?? "")))
            .ExcludeFromDescription();
        return routes;
    }

    private static IResult Serve(HttpContext context, DashboardAsset? asset)
    {
        if (asset is null) return Results.Text("Not found\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);

        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (asset.ContentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = PagePolicy;
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
        }

        if (Matches(context.Request.Headers.IfNoneMatch, asset.ETag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.ContentType = asset.ContentType;
            context.Response.ContentLength = asset.Content.Length;
            return Results.Empty;
        }
        return Results.Bytes(asset.Content, asset.ContentType);
    }

    /// <summary>If-None-Match: <c>*</c>, or a list that holds the ETag (weak comparison, as RFC 9110 asks for it).</summary>
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Count == 0) return false;
        if (!EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)) return false;
        var current = EntityTagHeaderValue.Parse(etag);
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
    }
}
