using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Tests;

/// <summary>
/// Every row of data-api.md §2 ("what supabase-js really sends"), URL-encoded as the client's
/// URLSearchParams encodes it, parsed end to end into a plan and compared with its golden rendering.
/// </summary>
public sealed class SupabaseJsRequestTests
{
    private const string Singular = "application/vnd.pgrst.object+json";

    public static TheoryData<string, string, string?, string?, string> Rows => new()
    {
        // from('todos').select()
        { "GET", "/todos?select=*", null, null,
            "GET public.todos accept=application/json read [*]" },
        // .select('id, title, author:users!inner(email)', {count:'exact'}).eq('done',false).order('id',{ascending:false,nullsFirst:false}).range(0,9)
        { "GET", "/todos?select=id%2Ctitle%2Cauthor%3Ausers%21inner%28email%29&done=eq.false&order=id.desc.nullslast&offset=0&limit=10", "count=exact", null,
            "GET public.todos accept=application/json prefer=\"count=exact\" read [id, title, author:users!inner(email); where done eq \"false\"; order id desc nullslast; limit 10]" },
        // .select('*', {count:'exact', head:true})
        { "HEAD", "/todos?select=*", "count=exact", null,
            "HEAD public.todos accept=application/json prefer=\"count=exact\" read [*]" },
        // .insert({title:'x'})
        { "POST", "/todos", null, null,
            "POST public.todos accept=application/json insert [*]" },
        // .insert([{title:'x'},{title:'y',done:true}]).select()
        { "POST", "/todos?columns=%22title%22%2C%22done%22&select=*", "return=representation", null,
            "POST public.todos accept=application/json prefer=\"return=representation\" insert columns=(title, done) [*]" },
        // .upsert({id:1,title:'z'},{onConflict:'id'}).select().single()
        { "POST", "/todos?on_conflict=id&select=*", "resolution=merge-duplicates, return=representation", Singular,
            "POST public.todos accept=application/vnd.pgrst.object+json prefer=\"resolution=merge-duplicates, return=representation\" upsert on_conflict=(id) [*]" },
        // .upsert([{id:1}],{ignoreDuplicates:true, defaultToNull:false, count:'exact'})
        { "POST", "/todos?columns=%22id%22", "resolution=ignore-duplicates, count=exact, missing=default", null,
            "POST public.todos accept=application/json prefer=\"resolution=ignore-duplicates, missing=default, count=exact\" upsert columns=(id) [*]" },
        // .update({done:true}).eq('id',1).select('id')
        { "PATCH", "/todos?id=eq.1&select=id", "return=representation", null,
            "PATCH public.todos accept=application/json prefer=\"return=representation\" update [id; where id eq \"1\"]" },
        // .delete().in('id',[1,2])
        { "DELETE", "/todos?id=in.%281%2C2%29", null, null,
            "DELETE public.todos accept=application/json delete [*; where id in (\"1\", \"2\")]" },
        // .select().eq('id',1).maybeSingle()
        { "GET", "/todos?select=*&id=eq.1", null, null,
            "GET public.todos accept=application/json read [*; where id eq \"1\"]" },
        // .select().single()
        { "GET", "/todos?select=*", null, Singular,
            "GET public.todos accept=application/vnd.pgrst.object+json read [*]" },
        // .csv()
        { "GET", "/todos?select=*", null, "text/csv",
            "GET public.todos accept=text/csv read [*]" },
        // rpc('add',{a:1,b:2})
        { "POST", "/rpc/add", null, null,
            "POST public.add accept=application/json call args=body [*]" },
        // rpc('add',{a:1,b:[1,2]},{get:true})
        { "GET", "/rpc/add?a=1&b=%7B1%2C2%7D", null, null,
            "GET public.add accept=application/json call args=query(a=\"1\", b=\"{1,2}\") [*]" },
        // rpc('list',{}, {head:true,count:'exact'})
        { "HEAD", "/rpc/list", "count=exact", null,
            "HEAD public.list accept=application/json prefer=\"count=exact\" call args=query [*]" },
        // rpc('f', {obj:{…}}, {head:true})
        { "POST", "/rpc/f", "return=minimal", null,
            "POST public.f accept=application/json prefer=\"return=minimal\" call args=body [*]" },
        // .not('id','in','(1,2)') / .or('a.eq.1,b.gt.2') / .textSearch(...) / .contains(...)
        { "GET", "/todos?select=*&id=not.in.%281%2C2%29&or=%28a.eq.1%2Cb.gt.2%29", null, null,
            "GET public.todos accept=application/json read [*; where not id in (\"1\", \"2\") and or(a eq \"1\", b gt \"2\")]" },
        { "GET", "/posts?select=*&fts=wfts%28english%29.%22fat+cat%22+-rat", null, null,
            "GET public.posts accept=application/json read [*; where fts wfts(english) \"\\\"fat cat\\\" -rat\"]" },
        { "GET", "/posts?select=*&tags=cs.%7Ba%2Cb%7D&title=ilike.%25hello%25", null, null,
            "GET public.posts accept=application/json read [*; where tags cs \"{a,b}\" and title ilike \"%hello%\"]" },
        // .in('name', ['a,b', 'c']) auto-quotes the item with a comma
        { "GET", "/t?select=*&name=in.%28%22a%2Cb%22%2Cc%29", null, null,
            "GET public.t accept=application/json read [*; where name in (\"a,b\", \"c\")]" },
        // repeated key: id=gt.1&id=lt.9 means both, AND-ed
        { "GET", "/t?id=gt.1&id=lt.9", null, null,
            "GET public.t accept=application/json read [*; where id gt \"1\" and id lt \"9\"]" },
        // names with spaces arrive as %20; case is kept
        { "GET", "/My%20Table?select=First%20Name", null, null,
            "GET public.\"My Table\" accept=application/json read [\"First Name\"]" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Request_parses_to_the_golden_plan(string method, string url, string? prefer, string? accept, string expected)
    {
        var plan = TestRequests.Plan(method, url, new RestRequestHeaders(Accept: accept, Prefer: prefer));
        Assert.Equal(expected, plan.ToString());
    }

    [Fact]
    public void Schema_call_selects_the_profile()
    {
        var options = RestParseOptions.Default with { ExposedSchemas = ["public", "other"] };
        var plan = TestRequests.Plan("GET", "/t?select=*", new RestRequestHeaders(AcceptProfile: "other"), options);
        Assert.Equal("GET other.t accept=application/json read [*]", plan.ToString());
    }

    [Fact]
    public void Write_plans_expose_their_defaults()
    {
        var insert = (MutatePlan)TestRequests.Plan("POST", "/todos");
        Assert.Equal((ReturnPreference.Minimal, (ResolutionPreference?)null, false), (insert.Return, insert.Resolution, insert.MissingUsesDefault));

        var upsert = (MutatePlan)TestRequests.Plan("POST", "/todos?columns=%22id%22",
            new RestRequestHeaders(Prefer: "resolution=ignore-duplicates, count=exact, missing=default"));
        Assert.Equal((MutationKind.Upsert, ResolutionPreference.IgnoreDuplicates, true, CountMode.Exact),
            (upsert.Kind, upsert.Resolution!.Value, upsert.MissingUsesDefault, upsert.Count!.Value));
    }

    [Fact]
    public void Rpc_single_object_takes_the_whole_body()
    {
        var plan = (CallPlan)TestRequests.Plan("POST", "/rpc/f", new RestRequestHeaders(Prefer: "params=single-object"));
        Assert.Equal(CallArgumentSource.SingleObject, plan.ArgumentSource);
    }

    [Fact]
    public void Rpc_get_splits_arguments_from_result_filters()
    {
        var plan = (CallPlan)TestRequests.Plan("GET", "/rpc/search?q=cats&tags=%7Ba%2Cb%7D&tags=%7Bc%7D&empty=&select=id,name&id=gt.5&order=id&limit=3");
        Assert.Equal("q=\"cats\", tags=\"{a,b}\", tags=\"{c}\", empty=\"\"", plan.Arguments.ToString());
        Assert.Equal("id, name; where id gt \"5\"; order id; limit 3", plan.Query.ToString());
        Assert.True(plan.IsReadOnlyRequest);
    }

    [Fact]
    public void Rpc_post_treats_every_parameter_as_a_filter()
    {
        var error = TestRequests.Fail("POST", "/rpc/f?a=1");
        Assert.Equal("\"failed to parse filter (1)\" (line 1, column 1)", error.Message);
    }

    [Fact]
    public void Put_is_a_single_row_upsert()
    {
        var plan = (MutatePlan)TestRequests.Plan("PUT", "/t?id=eq.1");
        Assert.Equal("PUT public.t accept=application/json singleupsert [*; where id eq \"1\"]", plan.ToString());
    }

    [Fact]
    public void Content_type_is_carried_for_writes()
    {
        var plan = TestRequests.Plan("POST", "/t", new RestRequestHeaders(ContentType: "text/csv"));
        Assert.Equal(MediaKind.Csv, plan.Context.ContentType.Kind);
    }

    [Fact]
    public void Gateway_apikey_parameter_is_not_a_filter()
    {
        Assert.Equal("*", TestRequests.Query("/t?apikey=eyJhbGciOi.x.y"));
    }

    [Fact]
    public void Empty_filter_values_are_ignored()
    {
        Assert.Equal("*", TestRequests.Query("/t?id=&order=&or="));
    }

    [Fact]
    public void Empty_select_selects_nothing()
    {
        Assert.Equal("", TestRequests.Query("/t?select="));
    }

    [Fact]
    public void Same_request_gives_equal_plans()
    {
        const string url = "/t?select=id,r!inner(a)&r.a=in.(1,2)&or=(x.eq.1,and(y.gt.2,z.is.null))&order=id.desc&limit=5";
        Assert.Equal(TestRequests.Plan("GET", url), TestRequests.Plan("GET", url));
        Assert.NotEqual(TestRequests.Plan("GET", url), TestRequests.Plan("GET", url + "&offset=1"));
    }
}
