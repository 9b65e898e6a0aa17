using AgentHub.Rest.Errors;
using AgentHub.Rest.Parsing;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Tests.Parsing;

public sealed class FilterParserTests
{
    /// <summary>One row per operator of data-api.md §7.1, plus modifiers: value → golden operation.</summary>
    public static TheoryData<string, string> Operators => new()
    {
        { "eq.1", "eq \"1\"" },
        { "eq.false", "eq \"false\"" },
        { "eq.2024-01-01", "eq \"2024-01-01\"" },
        { "neq.x", "neq \"x\"" },
        { "gt.1", "gt \"1\"" },
        { "gte.1.5", "gte \"1.5\"" },
        { "lt.-3", "lt \"-3\"" },
        { "lte.0", "lte \"0\"" },
        { "like.*abc*", "like \"*abc*\"" },
        { "like.%abc%", "like \"%abc%\"" },
        { "ilike.a_c", "ilike \"a_c\"" },
        { "like(any).{a*,b*}", "like(any) \"{a*,b*}\"" },
        { "like(all).{a*,*b}", "like(all) \"{a*,*b}\"" },
        { "ilike(any).{%a%,%b%}", "ilike(any) \"{%a%,%b%}\"" },
        { "ilike(all).{%a%}", "ilike(all) \"{%a%}\"" },
        { "match.^a.*$", "match \"^a.*$\"" },
        { "imatch.^A", "imatch \"^A\"" },
        { "match(any).{^a,^b}", "match(any) \"{^a,^b}\"" },
        { "eq(any).{1,2}", "eq(any) \"{1,2}\"" },
        { "gt(all).{1,2}", "gt(all) \"{1,2}\"" },
        { "gte(any).{1}", "gte(any) \"{1}\"" },
        { "lt(any).{1}", "lt(any) \"{1}\"" },
        { "lte(all).{1}", "lte(all) \"{1}\"" },
        { "imatch(all).{a}", "imatch(all) \"{a}\"" },
        { "in.(1,2,3)", "in (\"1\", \"2\", \"3\")" },
        { "in.()", "in ()" },
        { "is.null", "is null" },
        { "is.NULL", "is null" },
        { "is.not_null", "is not_null" },
        { "is.true", "is true" },
        { "is.FALSE", "is false" },
        { "is.unknown", "is unknown" },
        { "isdistinct.x", "isdistinct \"x\"" },
        { "fts.cat", "fts \"cat\"" },
        { "fts(english).cat & dog", "fts(english) \"cat & dog\"" },
        { "plfts.fat cat", "plfts \"fat cat\"" },
        { "plfts(simple).fat cat", "plfts(simple) \"fat cat\"" },
        { "phfts(english).the cat", "phfts(english) \"the cat\"" },
        { "wfts(french).\"chat\" -chien", "wfts(french) \"\\\"chat\\\" -chien\"" },
        { "cs.{a,b}", "cs \"{a,b}\"" },
        { "cs.[1,5)", "cs \"[1,5)\"" },
        { "cs.{\"k\":1}", "cs \"{\\\"k\\\":1}\"" },
        { "cd.{1,2,3}", "cd \"{1,2,3}\"" },
        { "ov.{1,2}", "ov \"{1,2}\"" },
        { "ov.[2000-01-01,2000-01-02)", "ov \"[2000-01-01,2000-01-02)\"" },
        { "sl.(1,10)", "sl \"(1,10)\"" },
        { "sr.[1,10]", "sr \"[1,10]\"" },
        { "nxr.(1,10)", "nxr \"(1,10)\"" },
        { "nxl.(1,10)", "nxl \"(1,10)\"" },
        { "adj.(1,10)", "adj \"(1,10)\"" },
    };

    [Theory]
    [MemberData(nameof(Operators))]
    public void Operator_parses(string value, string expected)
    {
        var (negated, operation) = FilterParser.ParseValue(value);
        Assert.False(negated);
        Assert.Equal(expected, operation.ToString());
        Assert.True(FilterParser.StartsWithOperator(value));
    }

    [Theory]
    [InlineData("not.eq.1", "eq \"1\"")]
    [InlineData("not.in.(1,2)", "in (\"1\", \"2\")")]
    [InlineData("not.is.null", "is null")]
    [InlineData("not.like(any).{a*}", "like(any) \"{a*}\"")]
    [InlineData("not.fts(english).x", "fts(english) \"x\"")]
    [InlineData("not.isdistinct.1", "isdistinct \"1\"")]
    public void Not_prefix_negates_any_operator(string value, string expected)
    {
        var (negated, operation) = FilterParser.ParseValue(value);
        Assert.True(negated);
        Assert.Equal(expected, operation.ToString());
    }

    /// <summary>§3 quoting: top-level single values are verbatim; in-lists honour quotes.</summary>
    [Theory]
    [InlineData("eq.a,b", "eq \"a,b\"")]
    [InlineData("eq.\"a,b\"", "eq \"\\\"a,b\\\"\"")]
    [InlineData("eq.a.b.c", "eq \"a.b.c\"")]
    [InlineData("eq.(x)", "eq \"(x)\"")]
    [InlineData("eq.", "eq \"\"")]
    [InlineData("eq. spaced ", "eq \" spaced \"")]
    [InlineData("eq.back\\slash", "eq \"back\\\\slash\"")]
    [InlineData("in.(\"a,b\",c)", "in (\"a,b\", \"c\")")]
    [InlineData("in.(\"Hebdon,John\",\"Williams,Mary\")", "in (\"Hebdon,John\", \"Williams,Mary\")")]
    [InlineData("in.(\"a(b)\")", "in (\"a(b)\")")]
    [InlineData("in.(\"a\\\"b\")", "in (\"a\\\"b\")")]
    [InlineData("in.(\"a\\\\b\")", "in (\"a\\\\b\")")]
    [InlineData("in.(\"\")", "in (\"\")")]
    [InlineData("in.(,)", "in (\"\", \"\")")]
    [InlineData("in.(\"a\"b,c)", "in (\"\\\"a\\\"b\", \"c\")")]
    [InlineData("in.(\"open,c)", "in (\"\\\"open\", \"c\")")]
    [InlineData("in.(a b, c )", "in (\"a b\", \" c \")")]
    [InlineData("in.( 1,2 ) ", "in (\"1\", \"2 \")")]
    [InlineData("in.(1.5,2.5)", "in (\"1.5\", \"2.5\")")]
    public void Quoting_and_escaping(string value, string expected)
    {
        Assert.Equal(expected, FilterParser.ParseValue(value).Operation.ToString());
    }

    [Theory]
    [InlineData("id", "", "id")]
    [InlineData("data->>kind", "", "data->>'kind'")]
    [InlineData("data->age", "", "data->'age'")]
    [InlineData("data->arr->0", "", "data->'arr'->0")]
    [InlineData("rel.col", "rel", "col")]
    [InlineData("rel.sub.col", "rel, sub", "col")]
    [InlineData("rel.data->x", "rel", "data->'x'")]
    [InlineData("\"a.b\"", "", "\"a.b\"")]
    [InlineData("\"my table\".\"my col\"", "my table", "\"my col\"")]
    [InlineData("first name", "", "\"first name\"")]
    public void Keys_split_into_embed_path_and_field(string key, string path, string field)
    {
        var (parsedPath, parsedField) = FilterParser.ParseKey(key);
        Assert.Equal(path, parsedPath.ToString());
        Assert.Equal(field, parsedField.ToString());
    }

    [Theory]
    [InlineData("noop.0", 1, "unknown operator \"noop\"")]
    [InlineData("eq1", 3, "expecting delimiter (.)")]
    [InlineData("eq", 3, "unexpected end of input expecting delimiter (.)")]
    [InlineData("val", 1, "unknown operator \"val\"")]
    [InlineData("1", 1, "expecting \"not\" or operator")]
    [InlineData(".eq.1", 1, "expecting \"not\" or operator")]
    [InlineData("neq(any).x", 4, "does not take a modifier")]
    [InlineData("eq(foo).x", 4, "expecting \"any\" or \"all\"")]
    [InlineData("eq(any.x", 7, "expecting \")\"")]
    [InlineData("in.1,2", 4, "expecting \"(\"")]
    [InlineData("in.(1,2", 8, "expecting \",\" or \")\"")]
    [InlineData("in.(1)x", 7, "expecting end of input")]
    [InlineData("in(any).(1)", 3, "expecting delimiter (.)")]
    [InlineData("is.maybe", 4, "isVal: (null, not_null, true, false, unknown)")]
    [InlineData("is.nullx", 4, "isVal")]
    [InlineData("fts().x", 5, "text search configuration name")]
    [InlineData("fts(english.x", 12, "expecting \")\"")]
    [InlineData("not.", 5, "expecting \"not\" or operator")]
    [InlineData("not.not.eq.1", 5, "unknown operator \"not\"")]
    [InlineData("EQ.1", 1, "expecting \"not\" or operator")]
    public void Malformed_value_is_PGRST100(string value, int column, string detail)
    {
        var error = TestRequests.ParseError(() => FilterParser.ParseValue(value));
        Assert.Equal(RestErrorCodes.QueryParse, error.Code);
        Assert.Equal($"\"failed to parse filter ({value})\" (line 1, column {column})", error.Message);
        Assert.Contains(detail, error.Details);
    }

    [Theory]
    [InlineData("col::text", "tree path")]
    [InlineData("a.", "tree path")]
    [InlineData(".a", "tree path")]
    [InlineData("a..b", "tree path")]
    [InlineData("data->a.b", "tree path")]
    [InlineData("a(b)", "tree path")]
    [InlineData("\"open", "tree path")]
    public void Malformed_key_is_PGRST100(string key, string subject)
    {
        var error = TestRequests.ParseError(() => FilterParser.ParseKey(key));
        Assert.Equal(RestErrorCodes.QueryParse, error.Code);
        Assert.StartsWith($"\"failed to parse {subject} ({key})\"", error.Message);
    }

    [Fact]
    public void PostgREST_doc_example_message_matches()
    {
        var error = TestRequests.Fail("GET", "/t?a.b=noop.0");
        Assert.Equal("\"failed to parse filter (noop.0)\" (line 1, column 1)", error.Message);
        Assert.Equal(400, error.Status);
    }

    [Theory]
    [InlineData("eq.1", true)]
    [InlineData("not.eq.1", true)]
    [InlineData("in.(1)", true)]
    [InlineData("in.abc", true)]
    [InlineData("fts(english).x", true)]
    [InlineData("eq(any).{1}", true)]
    [InlineData("hello", false)]
    [InlineData("{1,2}", false)]
    [InlineData("not.hello", false)]
    [InlineData("eq", false)]
    [InlineData("", false)]
    [InlineData("equal.1", false)]
    [InlineData("2024-01-01", false)]
    public void Operator_detection_for_rpc_arguments(string value, bool expected)
    {
        Assert.Equal(expected, FilterParser.StartsWithOperator(value));
    }
}
