using AgentHub.Rest.Errors;
using AgentHub.Rest.Parsing;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Tests.Parsing;

public sealed class SelectParserTests
{
    /// <summary>select value → golden rendering (identifiers bare or "quoted", JSON keys 'quoted', indexes bare).</summary>
    public static TheoryData<string, string> Valid => new()
    {
        // §5 basics
        { "*", "*" },
        { "id,title", "id, title" },
        { "id, title ,  done", "id, title, done" },
        { "", "" },
        { "alias:col", "alias:col" },
        { "alias : col", "alias:col" },
        { "col::text", "col::text" },
        { "created_at::timestamp with time zone", "created_at::timestamp with time zone" },
        { "alias:col::text", "alias:col::text" },
        // JSON paths
        { "data->a->>b", "data->'a'->>'b'" },
        { "data->>blood_type", "data->>'blood_type'" },
        { "data->phones->0", "data->'phones'->0" },
        { "arr->-1", "arr->-1" },
        { "phone:data->phones->0->>number", "phone:data->'phones'->0->>'number'" },
        { "alias:data->key::text", "alias:data->'key'::text" },
        { "data->a-b", "data->'a-b'" },
        { "data->\"a.b\"", "data->'a.b'" },
        { "data->!@#$%^&*_a", "data->'!@#$%^&*_a'" },
        { "data->1a", "data->'1a'" },
        // Identifiers
        { "\"information.cpe\"", "\"information.cpe\"" },
        { "\"with \\\"quote\\\"\"", "\"with \\\"quote\\\"\"" },
        { "first name", "\"first name\"" },
        { "identifier-with-dashes", "\"identifier-with-dashes\"" },
        { "$col,_x,123", "$col, _x, 123" },
        { "prénom", "\"prénom\"" },
        // §6 embedding
        { "id,title,author:users!inner(email)", "id, title, author:users!inner(email)" },
        { "users!author_id!inner(*)", "users!author_id!inner(*)" },
        { "users!inner!author_id(*)", "users!author_id!inner(*)" },
        { "users!left(*)", "users!left(*)" },
        { "users!fk_orders_users(name)", "users!fk_orders_users(name)" },
        { "billing_address_id(name)", "billing_address_id(name)" },
        { "rel()", "rel()" },
        { "*,client(*,nested(*))", "*, client(*, nested(*))" },
        { "rel ( a , b )", "rel(a, b)" },
        { "rel(data->0)", "rel(data->0)" },
        { "a:rel(x),b:rel(y)", "a:rel(x), b:rel(y)" },
        { "rel!leftovers(*)", "rel!leftovers(*)" },
        { "\"inner\"!\"inner\"(*)", "inner!inner(*)" },
        // Spread
        { "...rel(a,b)", "...rel(a, b)" },
        { "id,...rel!hint!inner(a)", "id, ...rel!hint!inner(a)" },
        { "*,...client(*),other(*)", "*, ...client(*), other(*)" },
        // Aggregates (parsed always; rejected at plan time unless enabled)
        { "count()", "count()" },
        { "total:count()::int", "total:count()::int" },
        { "amount.sum()", "amount.sum()" },
        { "amount::numeric.avg()::int", "amount::numeric.avg()::int" },
        { "id.count()", "id.count()" },
        { "top:price.max(),price.min()", "top:price.max(), price.min()" },
        { "customer(name),total:amount.sum()", "customer(name), total:amount.sum()" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parses_to_the_golden_tree(string select, string expected)
    {
        Assert.Equal(expected, SelectParser.Parse(select).ToString());
    }

    [Fact]
    public void Embeds_carry_structure_not_just_text()
    {
        var items = SelectParser.Parse("a:users!author_id!inner(email,...addr(city))");
        var embed = Assert.IsType<EmbedItem>(Assert.Single(items));
        Assert.Equal(("users", "a", "author_id", JoinType.Inner, false), (embed.Relation, embed.Alias, embed.Hint, embed.Join, embed.IsSpread));
        var spread = Assert.IsType<EmbedItem>(embed.Query.Select[1]);
        Assert.True(spread.IsSpread);
        Assert.Null(spread.Alias);
    }

    [Theory]
    [InlineData("data->>blood_type", "blood_type")]
    [InlineData("data->phones->0", "phones")]
    [InlineData("arr->0", "arr")]
    [InlineData("plain", "plain")]
    [InlineData("x:data->a", "x")]
    [InlineData("amount.sum()", "sum")]
    public void Output_names_follow_the_spec(string select, string expected)
    {
        var column = Assert.IsType<ColumnItem>(Assert.Single(SelectParser.Parse(select)));
        Assert.Equal(expected, column.OutputName);
    }

    [Fact]
    public void Equal_inputs_give_equal_plans()
    {
        Assert.Equal(SelectParser.Parse("id, rel!inner(a,b)"), SelectParser.Parse("id,rel!inner( a ,b )"));
        Assert.NotEqual(SelectParser.Parse("id,rel(a)"), SelectParser.Parse("id,rel(b)"));
    }

    /// <summary>Malformed select → PGRST100, column of the fault, and what was expected.</summary>
    [Theory]
    [InlineData("id,clients(name[])", 16, "unexpected \"[\"")]
    [InlineData("data->>-78xy", 11, "unexpected \"x\"")]
    [InlineData("data->>--34", 9, "expecting digit")]
    [InlineData("name!hint", 10, "expecting \"!\" or \"(\"")]
    [InlineData("*!hint", 2, "unexpected \"!\"")]
    [InlineData("name::", 7, "expecting type name")]
    [InlineData("a,,b", 3, "expecting field name")]
    [InlineData("a,", 3, "unexpected end of input")]
    [InlineData("rel(a", 6, "expecting \",\" or \")\"")]
    [InlineData("rel(a))", 7, "unexpected \")\"")]
    [InlineData("alias:...rel(a)", 7, "spread embed cannot be aliased")]
    [InlineData("rel!a!b(x)", 7, "duplicate embed hint")]
    [InlineData("rel!inner!left(x)", 11, "duplicate join type")]
    [InlineData("count(*)", 6, "count is an aggregate")]
    [InlineData("col.foo()", 5, "aggregate function")]
    [InlineData("\"unterminated", 1, "closing quote")]
    [InlineData("\"\"", 1, "empty quoted identifier")]
    [InlineData("rel->x(a)", 7, "JSON path cannot be embedded")]
    [InlineData(":x", 1, "expecting field name")]
    [InlineData("a:b:c", 4, "unexpected \":\"")]
    [InlineData("a b c d(", 9, "unexpected end of input")]
    [InlineData("data->", 7, "JSON key")]
    [InlineData("a-", 3, "expecting field name")]
    public void Malformed_select_is_PGRST100(string select, int column, string detail)
    {
        var error = TestRequests.ParseError(() => SelectParser.Parse(select));
        Assert.Equal(RestErrorCodes.QueryParse, error.Code);
        Assert.Equal(400, error.Status);
        Assert.Equal($"\"failed to parse select parameter ({select})\" (line 1, column {column})", error.Message);
        Assert.Contains(detail, error.Details);
    }
}
