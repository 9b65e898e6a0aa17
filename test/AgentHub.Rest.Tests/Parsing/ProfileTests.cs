using AgentHub.Rest.Errors;

namespace AgentHub.Rest.Tests.Parsing;

public sealed class ProfileTests
{
    private static readonly RestParseOptions TwoSchemas = RestParseOptions.Default with { ExposedSchemas = ["public", "other"] };

    [Theory]
    [InlineData("GET", null, null, "public", false)]
    [InlineData("GET", "public", null, "public", true)]
    [InlineData("GET", "other", null, "other", true)]
    [InlineData("HEAD", "other", null, "other", true)]
    [InlineData("GET", null, "other", "public", false)]
    [InlineData("POST", null, "other", "other", true)]
    [InlineData("PATCH", "other", null, "public", false)]
    [InlineData("DELETE", null, "other", "other", true)]
    public void Schema_comes_from_the_profile_header_for_the_method(string method, string? acceptProfile, string? contentProfile, string schema, bool fromHeader)
    {
        var plan = TestRequests.Plan(method, "/t", new RestRequestHeaders(AcceptProfile: acceptProfile, ContentProfile: contentProfile), TwoSchemas);
        Assert.Equal((schema, fromHeader), (plan.Context.Schema, plan.Context.SchemaFromHeader));
    }

    [Fact]
    public void Unexposed_schema_is_PGRST106()
    {
        var error = TestRequests.Fail("GET", "/t", new RestRequestHeaders(AcceptProfile: "secret"));
        Assert.Equal((RestErrorCodes.UnacceptableSchema, 406), (error.Code, error.Status));
        Assert.Equal("Invalid schema: secret", error.Message);
        Assert.Equal("Only the following schemas are exposed: public, graphql_public", error.Hint);
    }

    [Fact]
    public void Schema_names_are_case_sensitive()
    {
        Assert.Equal(RestErrorCodes.UnacceptableSchema, TestRequests.Fail("GET", "/t", new RestRequestHeaders(AcceptProfile: "Public")).Code);
    }
}
