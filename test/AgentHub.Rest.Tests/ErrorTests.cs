using System.Reflection;
using System.Text;
using System.Text.Json;
using AgentHub.Rest.Errors;

namespace AgentHub.Rest.Tests;

public sealed class ErrorTests
{
    [Fact]
    public void Body_has_exactly_the_four_PostgREST_keys()
    {
        var error = RestErrors.QueryParse("filter", "noop.0", 0, "unknown operator \"noop\"");
        Assert.Equal(
            "{\"code\":\"PGRST100\",\"message\":\"\\u0022failed to parse filter (noop.0)\\u0022 (line 1, column 1)\",\"details\":\"unknown operator \\u0022noop\\u0022\",\"hint\":null}",
            Write(error));

        var roundTrip = JsonDocument.Parse(Write(RestErrors.NotEmbedded("items"))).RootElement;
        Assert.Equal(["code", "message", "details", "hint"], roundTrip.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, roundTrip.GetProperty("details").ValueKind);
        Assert.Equal("Verify that 'items' is included in the 'select' query parameter.", roundTrip.GetProperty("hint").GetString());
    }

    /// <summary>Snapshot: error codes are wire contract (Garnet PersistedEnumStabilityTests style).</summary>
    [Fact]
    public void Error_codes_are_stable()
    {
        var codes = typeof(RestErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
        Assert.Equal("PGRST100", codes["QueryParse"]);
        Assert.Equal("PGRST101", codes["InvalidRpcMethod"]);
        Assert.Equal("PGRST103", codes["InvalidRange"]);
        Assert.Equal("PGRST106", codes["UnacceptableSchema"]);
        Assert.Equal("PGRST107", codes["UnacceptableMediaType"]);
        Assert.Equal("PGRST108", codes["NotEmbedded"]);
        Assert.Equal("PGRST114", codes["PutLimitNotAllowed"]);
        Assert.Equal("PGRST116", codes["Singularity"]);
        Assert.Equal("PGRST117", codes["UnsupportedMethod"]);
        Assert.Equal("PGRST120", codes["UnacceptableFilter"]);
        Assert.Equal("PGRST122", codes["InvalidPreferences"]);
        Assert.Equal("PGRST123", codes["AggregatesNotAllowed"]);
        Assert.Equal("PGRST125", codes["InvalidResourcePath"]);
        Assert.Equal("PGRST126", codes["OpenApiDisabled"]);
        Assert.Equal(codes.Count, codes.Values.Distinct().Count());
        Assert.All(codes.Values, c => Assert.Matches("^PGRST[0-9]{3}$", c));
    }

    private static string Write(RestError error)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            error.WriteJson(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
