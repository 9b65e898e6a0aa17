using AgentHub.Rest.Errors;
using AgentHub.Rest.Parsing;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Tests.Parsing;

public sealed class PreferParserTests
{
    /// <summary>Header → the applied-preferences rendering (PostgREST's Preference-Applied order).</summary>
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("return=representation", "return=representation")]
    [InlineData("return=minimal", "return=minimal")]
    [InlineData("return=headers-only", "return=headers-only")]
    [InlineData("count=exact", "count=exact")]
    [InlineData("count=planned", "count=planned")]
    [InlineData("count=estimated", "count=estimated")]
    [InlineData("resolution=merge-duplicates, return=representation", "resolution=merge-duplicates, return=representation")]
    [InlineData("resolution=ignore-duplicates, count=exact, missing=default", "resolution=ignore-duplicates, missing=default, count=exact")]
    [InlineData("missing=null", "missing=null")]
    [InlineData("handling=lenient", "handling=lenient")]
    [InlineData("params=single-object", "params=single-object")]
    [InlineData("timezone=America/Los_Angeles", "timezone=America/Los_Angeles")]
    [InlineData("handling=strict, max-affected=5", "handling=strict, max-affected=5")]
    [InlineData("max-affected=5", "")]
    [InlineData("return=minimal, return=representation", "return=minimal")]
    [InlineData("count=exact,    return=representation   ,missing=default", "missing=default, return=representation, count=exact")]
    [InlineData("count=exact,,", "count=exact")]
    [InlineData("Return=representation", "return=representation")]
    [InlineData("tx=rollback", "")]
    public void Recognised_preferences(string? header, string applied)
    {
        Assert.Equal(applied, PreferParser.Parse(header, allowTransactionOverride: false).AppliedHeaderValue());
    }

    [Fact]
    public void Transaction_preference_needs_the_server_override()
    {
        Assert.Null(PreferParser.Parse("tx=rollback", false).Transaction);
        Assert.Empty(PreferParser.Parse("tx=rollback", false).Invalid ?? []);
        Assert.Equal(TransactionPreference.Commit, PreferParser.Parse("tx=commit, tx=rollback", true).Transaction);
    }

    [Fact]
    public void Max_affected_binds_only_under_strict_handling()
    {
        var lenient = PreferParser.Parse("max-affected=100", false);
        Assert.Equal((100L, (long?)null), (lenient.MaxAffected, lenient.EffectiveMaxAffected));
        Assert.Equal(100L, PreferParser.Parse("handling=strict, max-affected=100", false).EffectiveMaxAffected);
    }

    [Theory]
    [InlineData("invalid", "invalid")]
    [InlineData("count=exact, anything, return=nope", "anything, return=nope")]
    [InlineData("max-affected=many", "max-affected=many")]
    [InlineData("return=Representation", "return=Representation")]
    [InlineData("timezone=", "timezone=")]
    public void Unknown_tokens_are_kept_when_lenient(string header, string invalid)
    {
        Assert.Equal(invalid, PreferParser.Parse(header, false).Invalid?.ToString());
    }

    [Fact]
    public void Unknown_tokens_are_PGRST122_when_strict()
    {
        var error = TestRequests.ParseError(() =>
            PreferParser.Parse("count=exact,    tx=commit   ,return=representation , missing=default, handling=strict, anything", false));
        Assert.Equal((RestErrorCodes.InvalidPreferences, 400), (error.Code, error.Status));
        Assert.Equal("Invalid preferences given with handling=strict", error.Message);
        Assert.Equal("Invalid preferences: anything", error.Details);
    }

    [Fact]
    public void Strict_error_surfaces_through_the_request_parser()
    {
        var error = TestRequests.Fail("GET", "/t", new RestRequestHeaders(Prefer: "handling=strict, foo=bar, baz"));
        Assert.Equal("Invalid preferences: foo=bar, baz", error.Details);
    }
}
