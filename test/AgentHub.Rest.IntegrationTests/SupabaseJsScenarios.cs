namespace AgentHub.Rest.IntegrationTests;

/// <summary>
/// Every row of data-api.md §2, encoded the way supabase-js (URLSearchParams) sends it, with the
/// headers it adds: the requests real apps make most.
/// </summary>
public sealed class SupabaseJsScenarios(LibraryFixture fixture) : IClassFixture<LibraryFixture>
{
    private const string Json = "application/json";

    public static TheoryData<Scenario> Rows => new()
    {
        new Scenario("from().select()") { Url = "authors?select=*", Headers = [("Accept-Profile", "public")], Status = 200, Contains = ["\"name\":\"Ann\""] },
        new Scenario("select with an inner embed, count, eq, order with nullsFirst false and range")
        {
            Url = "books?select=id%2Ctitle%2Cauthor%3Aauthors%21inner%28name%29&year=gt.1900&order=id.desc.nullslast&offset=0&limit=10", Headers = [("Prefer", "count=exact")],
            Status = 200, Exact = """[{"id":2,"title":"Dune","author":{"name":"Bob"}}, {"id":1,"title":"The Hobbit","author":{"name":"Ann"}}]""", ExpectHeaders = [("Content-Range", "0-1/2")],
        },
        new Scenario("select head with count") { Method = "HEAD", Url = "books?select=*", Headers = [("Prefer", "count=exact")], Status = 200, Exact = "", ExpectHeaders = [("Content-Range", "0-4/5")] },
        new Scenario("insert one row without select") { Method = "POST", Url = "items", Body = """{"name":"js1"}""", Headers = [("Content-Profile", "public"), ("Content-Type", Json)], Status = 201, Exact = "" },
        new Scenario("insert rows with select: columns lists the union of keys")
        {
            Method = "POST", Url = "items?columns=%22name%22%2C%22note%22&select=name%2Cnote", Body = """[{"name":"js2"},{"name":"js3","note":"n"}]""", Headers = [("Prefer", "return=representation")],
            Status = 201, Exact = """[{"name":"js2","note":null}, {"name":"js3","note":"n"}]""",
        },
        new Scenario("upsert with onConflict, select and single")
        {
            Method = "POST", Url = "codes?on_conflict=code&select=*", Body = """{"code":"js","label":"z"}""",
            Headers = [("Prefer", "resolution=merge-duplicates,return=representation"), ("Accept", "application/vnd.pgrst.object+json")],
            Status = 201, Exact = """{"code":"js","label":"z"}""",
        },
        new Scenario("upsert ignoring duplicates, defaultToNull false, with count")
        {
            Method = "POST", Url = "codes?columns=%22code%22", Body = """[{"code":"a"},{"code":"js-new"}]""", Headers = [("Prefer", "resolution=ignore-duplicates, count=exact, missing=default")],
            Status = 201, ExpectHeaders = [("Content-Range", "*/1")], After = [("select count(*)::text from codes where code in ('a', 'js-new')", "2")],
        },
        new Scenario("update with eq and select") { Setup = "insert into items(id, name) values (500, 'js-upd')", Method = "PATCH", Url = "items?id=eq.500&select=id", Body = """{"qty":2}""", Headers = [("Prefer", "return=representation")], Status = 200, Exact = """[{"id":500}]""" },
        new Scenario("delete with in, Content-Type and no body")
        {
            Setup = "insert into items(id, name) values (501, 'js-del'), (502, 'js-del')", Method = "DELETE", Url = "items?id=in.%28501%2C502%29", Headers = [("Content-Type", Json)], Status = 204,
            After = [("select count(*)::text from items where name = 'js-del'", "0")],
        },
        new Scenario("maybeSingle sends a plain request") { Url = "authors?select=*&id=eq.99", Status = 200, Exact = "[]" },
        new Scenario("rpc POST") { Method = "POST", Url = "rpc/add", Body = """{"a":1,"b":2}""", Status = 200, Exact = "3" },
        new Scenario("rpc GET with an array argument") { Url = "rpc/sum_all?nums=%7B1%2C2%7D", Status = 200, Exact = "3" },
        new Scenario("rpc HEAD with count") { Method = "HEAD", Url = "rpc/numbers?n=3", Headers = [("Prefer", "count=exact")], Status = 200, ExpectHeaders = [("Content-Range", "0-2/3")] },
        new Scenario("rpc head with object arguments is a POST with return=minimal") { Method = "POST", Url = "rpc/add", Body = """{"a":1,"b":1}""", Headers = [("Prefer", "return=minimal")], Status = 200 },
        new Scenario("a retried GET carries X-Retry-Count and is answered normally") { Url = "authors?select=id&id=eq.1", Headers = [("X-Retry-Count", "1"), ("X-Client-Info", "supabase-js/2.109.0")], Status = 200, Exact = """[{"id":1}]""" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public Task Request(Scenario scenario) => ScenarioRunner.RunAsync(fixture.Hub, scenario);
}
