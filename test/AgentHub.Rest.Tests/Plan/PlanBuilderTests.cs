using AgentHub.Rest.Errors;

namespace AgentHub.Rest.Tests.Plan;

/// <summary>Embed-addressed modifiers (data-api.md §6 "Embedded modifiers") land on the right node.</summary>
public sealed class PlanBuilderTests
{
    public static TheoryData<string, string> Valid => new()
    {
        { "/orders?select=*,items(*)&items.qty=gt.1",
            "*, items(*; where qty gt \"1\")" },
        { "/orders?select=*,items(*)&items.order=id.desc&items.limit=5&items.offset=10",
            "*, items(*; order id desc; offset 10 limit 5)" },
        { "/orders?select=*,items(*)&items.or=(a.eq.1,b.eq.2)",
            "*, items(*; where or(a eq \"1\", b eq \"2\"))" },
        { "/orders?select=*,items(*)&items.not.and=(a.eq.1,b.eq.2)",
            "*, items(*; where not.and(a eq \"1\", b eq \"2\"))" },
        { "/a?select=id,b(id,c(id))&b.c.x=eq.1&b.c.limit=2&b.y=is.null",
            "id, b(id, c(id; where x eq \"1\"; limit 2); where y is null)" },
        { "/a?select=id,author:users(name)&author.name=like.J*",
            "id, author:users(name; where name like \"J*\")" },
        { "/a?select=id,author:users(name)&users.name=like.J*",
            "id, author:users(name; where name like \"J*\")" },
        { "/a?select=id,x:users(name),y:users(email)&y.limit=1",
            "id, x:users(name), y:users(email; limit 1)" },
        { "/a?select=id,...addr(city)&addr.city=eq.Oslo",
            "id, ...addr(city; where city eq \"Oslo\")" },
        { "/a?select=id,items(*)&items.order=a&items.order=b",
            "id, items(*; order a)" },
        { "/a?select=*,items(*)&items.data->>k=eq.v",
            "*, items(*; where data->>'k' eq \"v\")" },
        // Null-embed filters: anti-join, semi-join, inside logic trees, via alias
        { "/a?select=*,items()&items=is.null",
            "*, items(); where embed items is null" },
        { "/a?select=*,items()&items=not.is.null",
            "*, items(); where embed items is not null" },
        { "/a?select=*,items()&items=is.not_null",
            "*, items(); where embed items is not null" },
        { "/a?select=*,items()&or=(items.is.null,id.eq.1)",
            "*, items(); where or(embed items is null, id eq \"1\")" },
        { "/a?select=*,i:items(*)&i=is.null",
            "*, i:items(*); where embed i is null" },
        { "/a?select=*,i:items(*)&items=is.null",
            "*, i:items(*); where items is null" },
        { "/a?select=*,items(*,sub())&items.sub=is.null",
            "*, items(*, sub(); where embed sub is null)" },
        // Ordering by a to-one embed's column
        { "/a?select=*,client(name)&order=client(name).desc",
            "*, client(name); order client(name) desc" },
        { "/a?select=*,c:client(name)&order=c(name)",
            "*, c:client(name); order c(name)" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Modifiers_attach_to_their_embed(string url, string expected)
    {
        Assert.Equal(expected, TestRequests.Query(url));
    }

    [Theory]
    [InlineData("/a?select=*&items.qty=gt.1", "items")]
    [InlineData("/a?items.limit=1", "items")]
    [InlineData("/a?select=*,b(*)&b.c.order=id", "c")]
    [InlineData("/a?select=*,b(*)&x.or=(a.eq.1)", "x")]
    [InlineData("/a?select=*&order=client(name)", "client")]
    public void Modifier_on_a_missing_embed_is_PGRST108(string url, string resource)
    {
        var error = TestRequests.Fail("GET", url);
        Assert.Equal((RestErrorCodes.NotEmbedded, 400), (error.Code, error.Status));
        Assert.Equal($"'{resource}' is not an embedded resource in this request", error.Message);
        Assert.Equal($"Verify that '{resource}' is included in the 'select' query parameter.", error.Hint);
    }

    [Theory]
    [InlineData("/a?select=*,items()&items=eq.1")]
    [InlineData("/a?select=*,items()&items=is.true")]
    [InlineData("/a?select=*,items()&or=(items.eq.1,id.eq.1)")]
    [InlineData("/a?select=*,i:items()&i=in.(1)")]
    public void Other_operators_on_an_embed_are_PGRST120(string url)
    {
        var error = TestRequests.Fail("GET", url);
        Assert.Equal((RestErrorCodes.UnacceptableFilter, 400), (error.Code, error.Status));
        Assert.Equal("Bad operator on the 'items' embedded resource", error.Message);
        Assert.Equal("Only is null or not is null filters are allowed on embedded resources", error.Details);
    }

    [Theory]
    [InlineData("/a?select=count()")]
    [InlineData("/a?select=amount.sum()")]
    [InlineData("/a?select=id,items(qty.avg())")]
    public void Aggregates_are_PGRST123_unless_enabled(string url)
    {
        var error = TestRequests.Fail("GET", url);
        Assert.Equal((RestErrorCodes.AggregatesNotAllowed, 400, "Use of aggregate functions is not allowed"), (error.Code, error.Status, error.Message));

        var enabled = RestParseOptions.Default with { AggregatesEnabled = true };
        Assert.NotNull(TestRequests.Plan("GET", url, options: enabled));
    }

    [Fact]
    public void Returning_representation_keeps_embed_modifiers()
    {
        var plan = TestRequests.Plan("PATCH", "/orders?id=eq.1&select=id,items(*)&items.order=id",
            new RestRequestHeaders(Prefer: "return=representation"));
        Assert.Equal("PATCH public.orders accept=application/json prefer=\"return=representation\" update [id, items(*; order id); where id eq \"1\"]", plan.ToString());
    }
}
