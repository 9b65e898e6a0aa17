using AgentHub.Rest.Errors;
using AgentHub.Rest.Parsing;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Tests.Parsing;

public sealed class MediaTypeParserTests
{
    /// <summary>§12: Accept → negotiated type for a table read.</summary>
    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("", "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("application/json", "application/json")]
    [InlineData("application/json; charset=utf-8", "application/json")]
    [InlineData("application/vnd.pgrst.object+json", "application/vnd.pgrst.object+json")]
    [InlineData("application/vnd.pgrst.object", "application/vnd.pgrst.object+json")]
    [InlineData("application/vnd.pgrst.object+json;nulls=stripped", "application/vnd.pgrst.object+json;nulls=stripped")]
    [InlineData("application/vnd.pgrst.object+json; nulls=stripped", "application/vnd.pgrst.object+json;nulls=stripped")]
    [InlineData("application/vnd.pgrst.array+json;nulls=stripped", "application/vnd.pgrst.array+json;nulls=stripped")]
    [InlineData("application/vnd.pgrst.array+json", "application/json")]
    [InlineData("text/csv", "text/csv")]
    [InlineData("application/geo+json", "application/geo+json")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/json")]
    [InlineData("text/csv;q=0.5, application/json", "application/json")]
    [InlineData("application/json;q=0.5, text/csv", "text/csv")]
    [InlineData("*/*, text/csv", "text/csv")]
    [InlineData("text/*", "text/csv")]
    [InlineData("application/*", "application/json")]
    [InlineData("TEXT/CSV", "text/csv")]
    public void Negotiates_the_response_type(string? accept, string expected)
    {
        var plan = TestRequests.Plan("GET", "/t", new RestRequestHeaders(Accept: accept));
        Assert.Equal(expected, plan.Context.Accept.ToString());
    }

    [Theory]
    [InlineData("text/html", "None of these media types are available: text/html")]
    [InlineData("text/plain", "None of these media types are available: text/plain")]
    [InlineData("application/xml, text/html;q=0.5", "None of these media types are available: application/xml, text/html")]
    [InlineData("application/vnd.pgrst.plan+json", "None of these media types are available: application/vnd.pgrst.plan+json")]
    [InlineData("application/json;q=0", "None of these media types are available: ")]
    public void Unavailable_type_is_PGRST107(string accept, string message)
    {
        var error = TestRequests.Fail("GET", "/t", new RestRequestHeaders(Accept: accept));
        Assert.Equal((RestErrorCodes.UnacceptableMediaType, 406, message), (error.Code, error.Status, error.Message));
    }

    [Theory]
    [InlineData("text/plain", "text/plain")]
    [InlineData("text/xml", "text/xml")]
    [InlineData("application/octet-stream", "application/octet-stream")]
    public void Rpc_also_offers_scalar_types(string accept, string expected)
    {
        Assert.Equal(expected, TestRequests.Plan("POST", "/rpc/f", new RestRequestHeaders(Accept: accept)).Context.Accept.ToString());
    }

    [Fact]
    public void Plan_media_type_when_enabled()
    {
        var options = RestParseOptions.Default with { PlanEnabled = true };
        var accept = "application/vnd.pgrst.plan+json; for=\"text/csv\"; options=analyze|verbose";
        var media = TestRequests.Plan("GET", "/t", new RestRequestHeaders(Accept: accept), options).Context.Accept;
        Assert.Equal(MediaKind.Plan, media.Kind);
        Assert.Equal(new PlanMedia(PlanFormat.Json, MediaKind.Csv, PlanOptions.Analyze | PlanOptions.Verbose), media.Plan);
    }

    [Theory]
    [InlineData(null, MediaKind.Json)]
    [InlineData("application/json", MediaKind.Json)]
    [InlineData("application/json; charset=utf-8", MediaKind.Json)]
    [InlineData("text/csv", MediaKind.Csv)]
    [InlineData("application/x-www-form-urlencoded", MediaKind.FormUrlEncoded)]
    [InlineData("text/plain", MediaKind.TextPlain)]
    [InlineData("application/octet-stream", MediaKind.OctetStream)]
    [InlineData("image/png", MediaKind.Other)]
    internal void Content_type_decodes(string? contentType, MediaKind expected)
    {
        Assert.Equal(expected, MediaTypeParser.ParseContentType(contentType).Kind);
    }
}
