using AgentHub.Rest.Errors;
using AgentHub.Rest.Parsing;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Tests.Parsing;

public sealed class LogicTreeParserTests
{
    public static TheoryData<string, string, string> Valid => new()
    {
        { "or", "(a.eq.1,b.gt.2)", "or(a eq \"1\", b gt \"2\")" },
        { "and", "(a.eq.1,b.gt.2)", "and(a eq \"1\", b gt \"2\")" },
        { "not.or", "(a.eq.1,b.eq.2)", "not.or(a eq \"1\", b eq \"2\")" },
        { "not.and", "(a.eq.1)", "not.and(a eq \"1\")" },
        { "or", "(a.eq.1,and(b.eq.2,c.eq.3))", "or(a eq \"1\", and(b eq \"2\", c eq \"3\"))" },
        { "or", "(a.eq.1,not.and(b.eq.2,c.is.null))", "or(a eq \"1\", not.and(b eq \"2\", c is null))" },
        { "and", "(or(a.eq.1,not.or(b.eq.2,and(c.eq.3,d.eq.4))),e.eq.5)", "and(or(a eq \"1\", not.or(b eq \"2\", and(c eq \"3\", d eq \"4\"))), e eq \"5\")" },
        { "or", "(a.not.eq.1)", "or(not a eq \"1\")" },
        { "or", "(name.eq.\"Hebdon,John\",name.eq.x)", "or(name eq \"Hebdon,John\", name eq \"x\")" },
        { "or", "(name.eq.\"a\\\"b\")", "or(name eq \"a\\\"b\")" },
        { "or", "(name.eq.\"a\"b)", "or(name eq \"\\\"a\\\"b\")" },
        { "or", "(tags.cs.{a,b},id.in.(1,2))", "or(tags cs \"{a,b}\", id in (\"1\", \"2\"))" },
        { "or", "(r.ov.\"[1,5)\")", "or(r ov \"[1,5)\")" },
        { "or", "( a.eq.1 , b.eq.2 )", "or(a eq \"1 \", b eq \"2 \")" },
        { "or", "(data->>kind.eq.a,data->age.gt.20)", "or(data->>'kind' eq \"a\", data->'age' gt \"20\")" },
        { "or", "(a.eq.)", "or(a eq \"\")" },
        { "or", "(a.like.*x*,b.ilike(any).{%a%,%b%})", "or(a like \"*x*\", b ilike(any) \"{%a%,%b%}\")" },
        { "or", "(a.fts(english).cat,b.is.NULL)", "or(a fts(english) \"cat\", b is null)" },
        { "or", "(not.eq.1)", "or(not eq \"1\")" },
        { "or", "(rel.is.null,id.eq.1)", "or(rel is null, id eq \"1\")" },
        { "or", "(a.in.(),b.eq.2)", "or(a in (), b eq \"2\")" },
        { "or", "(\"my col\".eq.1)", "or(\"my col\" eq \"1\")" },
        { "or", "(and (a.eq.1))", "or(and(a eq \"1\"))" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parses_to_the_golden_tree(string key, string value, string expected)
    {
        var (path, op, negated) = LogicTreeParser.ParseKey(key);
        Assert.Empty(path);
        Assert.Equal(expected, LogicTreeParser.ParseValue(op, negated, value).ToString());
    }

    [Theory]
    [InlineData("or", "", LogicOperator.Or, false)]
    [InlineData("and", "", LogicOperator.And, false)]
    [InlineData("not.or", "", LogicOperator.Or, true)]
    [InlineData("rel.or", "rel", LogicOperator.Or, false)]
    [InlineData("rel.not.and", "rel", LogicOperator.And, true)]
    [InlineData("a.b.or", "a, b", LogicOperator.Or, false)]
    internal void Keys_give_path_operator_and_negation(string key, string path, LogicOperator op, bool negated)
    {
        var parsed = LogicTreeParser.ParseKey(key);
        Assert.Equal((path, op, negated), (parsed.Path.ToString(), parsed.Operator, parsed.Negated));
    }

    [Fact]
    public void Nesting_is_bounded()
    {
        var ok = new string('(', 1) + string.Concat(Enumerable.Repeat("or(", RestLimits.MaxLogicDepth - 1)) + "a.eq.1" + new string(')', RestLimits.MaxLogicDepth);
        Assert.NotNull(LogicTreeParser.ParseValue(LogicOperator.Or, false, ok));

        var tooDeep = "(" + string.Concat(Enumerable.Repeat("or(", RestLimits.MaxLogicDepth)) + "a.eq.1" + new string(')', RestLimits.MaxLogicDepth + 1);
        var error = TestRequests.ParseError(() => LogicTreeParser.ParseValue(LogicOperator.Or, false, tooDeep));
        Assert.Equal(RestErrorCodes.QueryParse, error.Code);
        Assert.Contains("Logic tree nesting", error.Message);
    }

    [Theory]
    [InlineData("()", 2, "expecting field name (* or [a..z0..9_$]), negation operator (not) or logic operator (and, or)")]
    [InlineData("(a.eq.1", 8, "expecting \",\" or \")\"")]
    [InlineData("a.eq.1", 1, "expecting \"(\"")]
    [InlineData("(id.in.1,2,id.eq.3)", 8, "expecting \"(\"")]
    [InlineData("(ord(id.eq.1),id.eq.2)", 2, "expecting logic operator (and, or)")]
    [InlineData("(a.eq.1,not.xor(b.eq.2))", 13, "unknown operator \"xor\"")]
    [InlineData("(a.eq.1))", 9, "expecting end of input")]
    [InlineData("(a)", 3, "expecting delimiter (.)")]
    [InlineData("(a.eq.1,)", 9, "expecting field name")]
    [InlineData("(a::text.eq.1)", 3, "expecting delimiter (.)")]
    [InlineData("(a.is.maybe)", 7, "isVal")]
    [InlineData("(tags.ov.{a,b}x)", 15, "expecting \",\" or \")\"")]
    public void Malformed_tree_is_PGRST100(string value, int column, string detail)
    {
        var error = TestRequests.ParseError(() => LogicTreeParser.ParseValue(LogicOperator.Or, false, value));
        Assert.Equal(RestErrorCodes.QueryParse, error.Code);
        Assert.Equal($"\"failed to parse logic tree ({value})\" (line 1, column {column})", error.Message);
        Assert.Contains(detail, error.Details);
    }
}
