using System.Globalization;
using AgentHub.Auth.GoTrue.Errors;
using AgentHub.Auth.GoTrue.Http;
using AgentHub.Auth.GoTrue.Users;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Auth.GoTrue.Endpoints;

/// <summary>
/// <c>/admin/users</c>: list, create, get, update and delete users. Every call needs a bearer token
/// with an admin role (the service_role key); the check runs before anything else is read.
/// </summary>
internal static class AdminUserEndpoints
{
    public const int DefaultPerPage = 50;

    /// <summary>Largest page served; larger requests get this many (keeps one response bounded).</summary>
    public const int MaxPerPage = 1000;

    public static async Task<IResult> List(HttpContext http, BearerAuthenticator bearer, UserStore users)
    {
        await bearer.RequireAdminAsync(http.Request).ConfigureAwait(false);
        var query = http.Request.Query;
        var page = ParsePagination(query["page"].ToString(), 1);
        var perPage = Math.Min(ParsePagination(query["per_page"].ToString(), DefaultPerPage), MaxPerPage);
        var filter = query["filter"].ToString();
        var (list, total) = await users.ListAsync(page, perPage, filter, http.RequestAborted).ConfigureAwait(false);

        http.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.Link = PaginationLinks(page, perPage, total, filter);
        return JsonResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("users");
            foreach (var user in list) UserJson.Write(w, user);
            w.WriteEndArray();
            w.WriteString("aud", "authenticated");
            w.WriteEndObject();
        });
    }

    public static async Task<IResult> Create(HttpContext http, BearerAuthenticator bearer, AdminUserService admin)
    {
        await bearer.RequireAdminAsync(http.Request).ConfigureAwait(false);
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        var user = await admin.CreateAsync(AdminUserAttributes.Parse(body), http.RequestAborted).ConfigureAwait(false);
        return JsonResponse.Ok(w => UserJson.Write(w, user));
    }

    public static async Task<IResult> Get(HttpContext http, string id, BearerAuthenticator bearer, UserStore users)
    {
        await bearer.RequireAdminAsync(http.Request).ConfigureAwait(false);
        var user = await users.FindByIdAsync(ParseId(id), http.RequestAborted).ConfigureAwait(false) ?? throw AdminUserService.UserNotFound();
        return JsonResponse.Ok(w => UserJson.Write(w, user));
    }

    public static async Task<IResult> Update(HttpContext http, string id, BearerAuthenticator bearer, AdminUserService admin)
    {
        await bearer.RequireAdminAsync(http.Request).ConfigureAwait(false);
        var userId = ParseId(id);
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        var user = await admin.UpdateAsync(userId, AdminUserAttributes.Parse(body), http.RequestAborted).ConfigureAwait(false);
        return JsonResponse.Ok(w => UserJson.Write(w, user));
    }

    public static async Task<IResult> Delete(HttpContext http, string id, BearerAuthenticator bearer, AdminUserService admin)
    {
        await bearer.RequireAdminAsync(http.Request).ConfigureAwait(false);
        var userId = ParseId(id);
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        await admin.DeleteAsync(userId, body.Bool("should_soft_delete") ?? false, http.RequestAborted).ConfigureAwait(false);
        return JsonResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// GoTrue's <c>Link</c> header: <c>next</c> when there is a next page, <c>last</c> always, with
    /// <c>page</c> as the first parameter: auth-js reads the page number as the first character after
    /// the first <c>=</c> of each link.
    /// </summary>
    internal static string PaginationLinks(int page, int perPage, long total, string filter)
    {
        var lastPage = (long)Math.Ceiling(total / (double)perPage);
        var extra = string.IsNullOrEmpty(filter) ? "" : "&filter=" + Uri.EscapeDataString(filter);
        string Link(long target, string rel) => $"</admin/users?page={target}&per_page={perPage}{extra}>; rel=\"{rel}\"";
        return page < lastPage ? Link(page + 1, "next") + ", " + Link(lastPage, "last") : Link(lastPage, "last");
    }

    private static int ParsePagination(string text, int fallback)
    {
        if (text.Length == 0) return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw AuthError.Validation($"Bad Pagination Parameters: strconv.ParseUint: parsing \"{text}\": invalid syntax").ToException();
        }
        return value == 0 ? fallback : value;
    }

    private static Guid ParseId(string id) =>
        Guid.TryParse(id, out var parsed) ? parsed : throw AuthError.NotFound(AuthErrorCodes.ValidationFailed, "user_id must be an UUID").ToException();
}
