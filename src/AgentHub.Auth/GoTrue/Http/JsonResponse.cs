using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Auth.GoTrue.Http;

/// <summary>
/// A JSON response written by hand with <see cref="Utf8JsonWriter"/>: GoTrue's bodies have a fixed
/// member order and members that appear only when set, which is clearer to state as writer calls than
/// as serializer attributes.
/// </summary>
internal sealed class JsonResponse(int status, Action<Utf8JsonWriter> write) : IResult
{
    public static JsonResponse Ok(Action<Utf8JsonWriter> write) => new(StatusCodes.Status200OK, write);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer)) write(writer);
        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = "application/json";
        httpContext.Response.ContentLength = buffer.WrittenCount;
        await httpContext.Response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted).ConfigureAwait(false);
    }
}
