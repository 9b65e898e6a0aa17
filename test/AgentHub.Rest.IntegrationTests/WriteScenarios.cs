namespace AgentHub.Rest.IntegrationTests;

/// <summary>POST, PATCH, PUT and DELETE with every return form (data-api.md §10).</summary>
public sealed class WriteScenarios(LibraryFixture fixture) : IClassFixture<LibraryFixture>
{
    private const string Singular = "application/vnd.pgrst.object+json";
    private const string Representation = "return=representation";

    public static TheoryData<Scenario> Rows => new()
    {
        new Scenario("insert without a return preference is 201 with no body")
        {
            Method = "POST", Url = "items", Body = """{"name":"a1"}""", Status = 201, Exact = "",
            ExpectHeaders = [("Content-Range", "*/*"), ("Content-Type", null), ("Location", null)],
            After = [("select count(*)::text from items where name = 'a1' and qty = 1 and note = 'none'", "1")],
        },
        new Scenario("insert with return=representation answers the shaped rows") { Method = "POST", Url = "items?select=name,qty", Body = """{"name":"a2","qty":3}""", Headers = [("Prefer", Representation)], Status = 201, Exact = """[{"name":"a2","qty":3}]""", ExpectHeaders = [("Preference-Applied", Representation)] },
        new Scenario("bulk insert with columns inserts NULL for a missing key")
        {
            Method = "POST", Url = "items?columns=%22name%22,%22note%22&select=name,note", Body = """[{"name":"b1"},{"name":"b2","note":"x"}]""", Headers = [("Prefer", Representation)],
            Status = 201, Exact = """[{"name":"b1","note":null}, {"name":"b2","note":"x"}]""",
        },
        new Scenario("missing=default uses the column default for a missing key")
        {
            Method = "POST", Url = "items?columns=%22name%22,%22note%22,%22qty%22&select=name,note,qty", Body = """[{"name":"c1"},{"name":"c2","note":"x"}]""", Headers = [("Prefer", "return=representation, missing=default")],
            Status = 201, Exact = """[{"name":"c1","note":"none","qty":1}, {"name":"c2","note":"x","qty":1}]""",
        },
        new Scenario("bulk insert without columns needs matching keys, 400 PGRST102")
        {
            Method = "POST", Url = "items", Body = """[{"name":"d1"},{"name":"d2","qty":2}]""", Status = 400, Contains = ["PGRST102", "All object keys must match"],
            After = [("select count(*)::text from items where name like 'd_'", "0")],
        },
        new Scenario("an unknown payload column is 400 PGRST204") { Method = "POST", Url = "items", Body = """{"name":"e","nope":1}""", Status = 400, Contains = ["PGRST204", "Could not find the 'nope' column of 'items' in the schema cache"] },
        new Scenario("an unknown columns entry is 400 PGRST204") { Method = "POST", Url = "items?columns=name,nope", Body = """{"name":"e"}""", Status = 400, Contains = ["PGRST204"] },
        new Scenario("invalid JSON is 400 PGRST102") { Method = "POST", Url = "items", Body = """{"name":""", Status = 400, Contains = ["PGRST102", "Empty or invalid json"] },
        new Scenario("an empty body is 400 PGRST102") { Method = "POST", Url = "items", Body = "", Status = 400, Contains = ["PGRST102"] },
        new Scenario("a scalar body is 400 PGRST102") { Method = "POST", Url = "items", Body = "42", Status = 400, Contains = ["PGRST102"] },
        new Scenario("a not-null violation is 400 23502") { Method = "POST", Url = "items", Body = """{"qty":5}""", Status = 400, Contains = ["23502", "null value in column \\\"name\\\""] },
        new Scenario("a unique violation is 409 23505") { Method = "POST", Url = "codes", Body = """{"code":"a"}""", Status = 409, Contains = ["23505", "duplicate key value violates unique constraint", "Key (code)=(a) already exists."] },
        new Scenario("a value of the wrong type is 400 22P02") { Method = "POST", Url = "items", Body = """{"name":"f","qty":"many"}""", Status = 400, Contains = ["22P02"] },
        new Scenario("singular insert returns an object") { Method = "POST", Url = "items?select=name", Body = """{"name":"g1"}""", Headers = [("Prefer", Representation), ("Accept", Singular)], Status = 201, Exact = """{"name":"g1"}""" },
        new Scenario("singular insert of two rows is 406 and rolled back")
        {
            Method = "POST", Url = "items?select=name", Body = """[{"name":"g2"},{"name":"g2"}]""", Headers = [("Prefer", Representation), ("Accept", Singular)], Status = 406, Contains = ["PGRST116"],
            After = [("select count(*)::text from items where name = 'g2'", "0")],
        },
        new Scenario("return=headers-only answers a Location") { Method = "POST", Url = "codes", Body = """{"code":"loc 1","label":"l"}""", Headers = [("Prefer", "return=headers-only")], Status = 201, Exact = "", ExpectHeaders = [("Location", "/codes?code=eq.loc%201")] },
        new Scenario("count=exact on an insert") { Method = "POST", Url = "items", Body = """[{"name":"h1"},{"name":"h2"}]""", Headers = [("Prefer", "count=exact")], Status = 201, ExpectHeaders = [("Content-Range", "*/2")] },
        new Scenario("an insert with an embedded representation") { Method = "POST", Url = "books?select=id,authors(name)", Body = """{"id":10,"title":"New","author_id":2}""", Headers = [("Prefer", Representation)], Status = 201, Exact = """[{"id":10,"authors":{"name":"Bob"}}]""" },
        new Scenario("upsert merge of an existing row is 200")
        {
            Method = "POST", Url = "codes?on_conflict=code&select=code,label", Body = """{"code":"a","label":"merged"}""", Headers = [("Prefer", "resolution=merge-duplicates, return=representation")],
            Status = 200, Exact = """[{"code":"a","label":"merged"}]""", ExpectHeaders = [("Preference-Applied", "resolution=merge-duplicates, return=representation")],
        },
        new Scenario("upsert merge of a new row is 201 and uses the primary key") { Method = "POST", Url = "codes?select=code", Body = """[{"code":"u1","label":"x"}]""", Headers = [("Prefer", "resolution=merge-duplicates, return=representation")], Status = 201, Exact = """[{"code":"u1"}]""" },
        new Scenario("upsert ignore leaves an existing row and returns nothing for it")
        {
            Method = "POST", Url = "codes?columns=%22code%22,%22label%22", Body = """[{"code":"a","label":"ignored"}]""", Headers = [("Prefer", "resolution=ignore-duplicates, return=representation")], Status = 201, Exact = "[]",
            After = [("select label from codes where code = 'a'", "merged")],
        },
        new Scenario("update with representation")
        {
            Setup = "insert into items(name, qty) values ('upd1', 1)", Method = "PATCH", Url = "items?name=eq.upd1&select=name,qty", Body = """{"qty":9}""", Headers = [("Prefer", Representation)],
            Status = 200, Exact = """[{"name":"upd1","qty":9}]""", ExpectHeaders = [("Content-Range", "0-0/*")],
        },
        new Scenario("update without a return preference is 204")
        {
            Setup = "insert into items(name) values ('upd2'), ('upd2')", Method = "PATCH", Url = "items?name=eq.upd2", Body = """{"note":"patched"}""", Status = 204, Exact = "",
            ExpectHeaders = [("Content-Range", "0-1/*")], After = [("select count(*)::text from items where note = 'patched'", "2")],
        },
        new Scenario("update matching nothing") { Method = "PATCH", Url = "items?name=eq.nobody", Body = """{"qty":2}""", Headers = [("Prefer", Representation)], Status = 200, Exact = "[]", ExpectHeaders = [("Content-Range", "*/*")] },
        new Scenario("update with count=exact") { Setup = "insert into items(name) values ('upd3'), ('upd3')", Method = "PATCH", Url = "items?name=eq.upd3", Body = """{"qty":3}""", Headers = [("Prefer", "count=exact")], Status = 204, ExpectHeaders = [("Content-Range", "0-1/2")] },
        new Scenario("update of an unknown column is 400 PGRST204") { Method = "PATCH", Url = "items?id=eq.1", Body = """{"nope":1}""", Status = 400, Contains = ["PGRST204"] },
        new Scenario("an empty update changes nothing") { Method = "PATCH", Url = "items", Body = "{}", Status = 204, After = [("select count(*)::text from items where note = 'none' and name = 'a1'", "1")] },
        new Scenario("max-affected exceeded is 400 PGRST124 and rolled back")
        {
            Setup = "insert into items(name) values ('max'), ('max')", Method = "PATCH", Url = "items?name=eq.max", Body = """{"qty":7}""", Headers = [("Prefer", "handling=strict, max-affected=1")],
            Status = 400, Contains = ["PGRST124"], After = [("select count(*)::text from items where name = 'max' and qty = 7", "0")],
        },
        new Scenario("delete without a return preference is 204")
        {
            Setup = "insert into items(name) values ('del1')", Method = "DELETE", Url = "items?name=eq.del1", Status = 204, Exact = "",
            ExpectHeaders = [("Content-Range", "*/*")], After = [("select count(*)::text from items where name = 'del1'", "0")],
        },
        new Scenario("delete with representation") { Setup = "insert into items(name) values ('del2')", Method = "DELETE", Url = "items?name=eq.del2&select=name", Headers = [("Prefer", Representation)], Status = 200, Exact = """[{"name":"del2"}]""" },
        new Scenario("singular delete of two rows is 406 and rolled back")
        {
            Setup = "insert into items(name) values ('del3'), ('del3')", Method = "DELETE", Url = "items?name=eq.del3", Headers = [("Prefer", Representation), ("Accept", Singular)], Status = 406,
            After = [("select count(*)::text from items where name = 'del3'", "2")],
        },
        new Scenario("delete with an in filter") { Setup = "insert into codes values ('x1'), ('x2'), ('x3')", Method = "DELETE", Url = "codes?code=in.(x1,x2)", Headers = [("Prefer", "count=exact")], Status = 204, ExpectHeaders = [("Content-Range", "*/2")] },
        new Scenario("update with order and limit touches only the page")
        {
            Setup = "insert into items(name, qty) values ('lim', 1), ('lim', 2), ('lim', 3)", Method = "PATCH", Url = "items?name=eq.lim&order=qty.desc&limit=2", Body = """{"note":"top"}""", Status = 204,
            After = [("select string_agg(qty::text, ',' order by qty) from items where name = 'lim' and note = 'top'", "2,3")],
        },
        new Scenario("delete with limit") { Setup = "insert into items(name) values ('dlim'), ('dlim')", Method = "DELETE", Url = "items?name=eq.dlim&limit=1", Status = 204, After = [("select count(*)::text from items where name = 'dlim'", "1")] },
        new Scenario("PUT upserts one row by its primary key") { Method = "PUT", Url = "codes?code=eq.put1", Body = """{"code":"put1","label":"p"}""", Headers = [("Prefer", Representation)], Status = 201, Exact = """[{"code":"put1","label":"p"}]""" },
        new Scenario("PUT with a mismatching key is 400 PGRST115") { Method = "PUT", Url = "codes?code=eq.put2", Body = """{"code":"other"}""", Status = 400, Contains = ["PGRST115"] },
        new Scenario("PUT without the key filter is 405 PGRST105") { Method = "PUT", Url = "codes?label=eq.x", Body = """{"code":"x"}""", Status = 405, Contains = ["PGRST105"] },
        new Scenario("a deferred constraint failing at COMMIT is 409 and nothing is written") { Method = "POST", Url = "kids", Body = """{"id":1,"author_id":99}""", Status = 409, Contains = ["23503"], After = [("select count(*)::text from kids", "0")] },
        new Scenario("after a failed COMMIT the next request on the pool works") { Method = "POST", Url = "kids", Body = """{"id":2,"author_id":1}""", Status = 201, After = [("select count(*)::text from kids", "1")] },
        new Scenario("an empty object inserts a row of defaults") { Method = "POST", Url = "events?select=id", Body = "{}", Headers = [("Prefer", Representation)], Status = 201, Exact = """[{"id":1}]""", After = [("select count(*)::text from events", "1")] },
        new Scenario("an empty array inserts nothing") { Method = "POST", Url = "items", Body = "[]", Headers = [("Prefer", Representation)], Status = 201, Exact = "[]" },
        new Scenario("PATCH with an array body is 400 PGRST102") { Method = "PATCH", Url = "items?id=eq.1", Body = """[{"qty":1}]""", Status = 400, Contains = ["PGRST102"] },
        new Scenario("Content-Profile names the schema of a write") { Method = "POST", Url = "items", Body = """{"name":"prof"}""", Headers = [("Content-Profile", "public")], Status = 201, ExpectHeaders = [("Content-Profile", "public")] },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public Task Write(Scenario scenario) => ScenarioRunner.RunAsync(fixture.Hub, scenario);
}
