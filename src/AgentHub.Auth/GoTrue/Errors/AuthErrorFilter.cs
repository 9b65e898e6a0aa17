using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentHub.Auth.GoTrue.Errors;

/// <summary>
/// Turns an <see cref="AuthException"/> into GoTrue's error response, and anything unexpected
/// (the database gone, a bug) into 500 <c>unexpected_failure</c> with the cause logged, never sent.
/// </summary>
internal sealed class AuthErrorFilter(ILogger<AuthErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (AuthException e)
        {
            return new AuthErrorResult(e.Error);
        }
        catch (BadHttpRequestException)
        {
            // Kestrel could not read the body (truncated, malformed chunking): the client's fault.
            return new AuthErrorResult(AuthError.BadRequest(AuthErrorCodes.BadJson, "Could not read body into byte slice"));
        }
        catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            logger.UnexpectedFailure(e, http.Request.Method, http.Request.Path);
            return new AuthErrorResult(AuthError.Internal("Unexpected failure, please check server logs for more information"));
        }
    }
}
