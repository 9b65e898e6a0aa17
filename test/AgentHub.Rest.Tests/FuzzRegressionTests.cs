using AgentHub.Rest.Errors;
using AgentHub.Rest.Parsing;

namespace AgentHub.Rest.Tests;

/// <summary>Inputs that once broke a parser (found by <see cref="FuzzTests"/> or review); each stays fixed.</summary>
public sealed class FuzzRegressionTests
{
    [Theory]
    [InlineData("rel!")]
    [InlineData("a->")]
    [InlineData("a->-")]
    [InlineData("\"")]
    [InlineData("...")]
    [InlineData("count(")]
    [InlineData("x.")]
    [InlineData("a\u0000b")]
    public void Select_edge_inputs_fail_cleanly(string select)
    {
        var e = Record.Exception(() => SelectParser.Parse(select));
        Assert.True(e is null or RestException, e?.ToString());
    }

    [Theory]
    [InlineData("in.(\"")]
    [InlineData("in.(\"\\")]
    [InlineData("is.")]
    [InlineData("fts(")]
    [InlineData("eq(")]
    [InlineData("not")]
    public void Filter_edge_inputs_fail_cleanly(string value)
    {
        var e = Record.Exception(() => FilterParser.ParseValue(value));
        Assert.True(e is null or RestException, e?.ToString());
    }

    [Theory]
    [InlineData("(a.in.(\"x)")]
    [InlineData("(a.cs.{)")]
    [InlineData("(not.)")]
    [InlineData("(not.or)")]
    [InlineData("(")]
    public void Logic_edge_inputs_fail_cleanly(string value)
    {
        var e = Record.Exception(() => LogicTreeParser.ParseValue(AgentHub.Rest.Plan.LogicOperator.Or, false, value));
        Assert.True(e is null or RestException, e?.ToString());
    }
}
