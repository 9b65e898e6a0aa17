namespace AgentHub.Rest.IntegrationTests;

/// <summary>RPC over GET, HEAD and POST with every return shape and error path (data-api.md §11, §15.4).</summary>
public sealed class RpcScenarios(LibraryFixture fixture) : IClassFixture<LibraryFixture>
{
    public static TheoryData<Scenario> Rows => new()
    {
        new Scenario("POST with named arguments returns a scalar") { Method = "POST", Url = "rpc/add", Body = """{"a":1,"b":2}""", Status = 200, Exact = "3", ExpectHeaders = [("Content-Type", "application/json; charset=utf-8")] },
        new Scenario("GET with query arguments") { Url = "rpc/add?a=40&b=2", Status = 200, Exact = "42" },
        new Scenario("a defaulted argument may be omitted") { Method = "POST", Url = "rpc/hello", Body = "{}", Status = 200, Exact = "\"Hello world\"" },
        new Scenario("an empty POST body means no arguments") { Method = "POST", Url = "rpc/hello", Body = "", Status = 200, Exact = "\"Hello world\"" },
        new Scenario("text arguments") { Url = "rpc/hello?name=you", Status = 200, Exact = "\"Hello you\"" },
        new Scenario("setof table with select, filter and order") { Url = "rpc/books_after?y=1900&select=id,title&order=id.desc&id=lt.4", Status = 200, Exact = """[{"id":2,"title":"Dune"}, {"id":1,"title":"The Hobbit"}]""" },
        new Scenario("setof table POST with limit and count") { Method = "POST", Url = "rpc/books_after?select=id&limit=1&order=id", Body = """{"y":1900}""", Headers = [("Prefer", "count=exact")], Status = 206, Exact = """[{"id":1}]""", ExpectHeaders = [("Content-Range", "0-0/3")] },
        new Scenario("planned count on a function counts exactly") { Url = "rpc/numbers?n=4&limit=1", Headers = [("Prefer", "count=planned")], Status = 206, ExpectHeaders = [("Content-Range", "0-0/4")] },
        new Scenario("text/plain returns a text result as is") { Url = "rpc/hello?name=plain", Headers = [("Accept", "text/plain")], Status = 200, Exact = "Hello plain", ExpectHeaders = [("Content-Type", "text/plain; charset=utf-8")] },
        new Scenario("setof scalar") { Url = "rpc/numbers?n=3", Status = 200, Exact = "[1, 2, 3]" },
        new Scenario("a void function is 204") { Method = "POST", Url = "rpc/noop", Body = "{}", Status = 204, Exact = "", ExpectHeaders = [("Content-Type", null)] },
        new Scenario("a single unnamed jsonb parameter takes the whole body") { Method = "POST", Url = "rpc/echo_json", Body = """{"x":[1,2]}""", Status = 200, Exact = """{"x": [1, 2]}""" },
        new Scenario("VARIADIC from repeated query keys") { Url = "rpc/sum_all?nums=1&nums=2&nums=3", Status = 200, Exact = "6" },
        new Scenario("VARIADIC from a JSON array") { Method = "POST", Url = "rpc/sum_all", Body = """{"nums":[4,5]}""", Status = 200, Exact = "9" },
        new Scenario("RETURNS TABLE gives an array of objects") { Url = "rpc/book_stats", Status = 200, Exact = """[{"total":5,"newest":2001}]""" },
        new Scenario("a single composite gives an object") { Url = "rpc/first_book?select=id,title", Status = 200, Exact = """{"id":1,"title":"The Hobbit"}""" },
        new Scenario("singular accept on a set") { Url = "rpc/numbers?n=1", Headers = [("Accept", "application/vnd.pgrst.object+json")], Status = 200, Exact = "1" },
        new Scenario("singular accept on a larger set is 406") { Url = "rpc/numbers?n=2", Headers = [("Accept", "application/vnd.pgrst.object+json")], Status = 406, Contains = ["PGRST116"] },
        new Scenario("HEAD with count") { Method = "HEAD", Url = "rpc/numbers?n=5", Headers = [("Prefer", "count=exact")], Status = 200, Exact = "", ExpectHeaders = [("Content-Range", "0-4/5")] },
        new Scenario("an unknown function is 404 PGRST202") { Method = "POST", Url = "rpc/nope", Body = """{"a":1}""", Status = 404, Contains = ["PGRST202", "Could not find the function public.nope(a) in the schema cache"] },
        new Scenario("unknown argument names are 404 PGRST202") { Method = "POST", Url = "rpc/add", Body = """{"x":1}""", Status = 404, Contains = ["PGRST202", "public.add(x)"] },
        new Scenario("overloads resolve by argument name") { Url = "rpc/overload?b=x", Status = 200, Exact = "\"text\"" },
        new Scenario("overloads with the same names are 300 PGRST203") { Url = "rpc/ambiguous?a=1", Status = 300, Contains = ["PGRST203"] },
        new Scenario("RAISE EXCEPTION is 400 P0001 with detail and hint") { Method = "POST", Url = "rpc/fail", Body = """{"msg":"boom"}""", Status = 400, Exact = """{"code":"P0001","message":"boom","details":"the detail","hint":"the hint"}""" },
        new Scenario("a PTxxx SQLSTATE sets the status") { Method = "POST", Url = "rpc/teapot", Body = "{}", Status = 418, Contains = ["I am a teapot"] },
        new Scenario("RAISE SQLSTATE 'PGRST' controls body, status and headers") { Method = "POST", Url = "rpc/custom_error", Body = "{}", Status = 418, Exact = """{"code":"123","message":"custom","details":"d","hint":"h"}""", ExpectHeaders = [("X-Custom", "yes")] },
        new Scenario("response.status and response.headers settings") { Method = "POST", Url = "rpc/with_headers", Body = "{}", Status = 202, Exact = "1", ExpectHeaders = [("Cache-Control", "no-cache")] },
        new Scenario("a volatile function may write over POST") { Method = "POST", Url = "rpc/insert_item?select=name", Body = """{"name":"from rpc"}""", Status = 200, Exact = """{"name":"from rpc"}""", After = [("select count(*)::text from items where name = 'from rpc'", "1")] },
        new Scenario("GET runs read-only, so a writing function is 405 25006") { Url = "rpc/insert_item?name=nope", Status = 405, Contains = ["25006"], After = [("select count(*)::text from items where name = 'nope'", "0")] },
        new Scenario("a volatile function runs read-write over POST") { Method = "POST", Url = "rpc/tx_mode", Body = "{}", Status = 200, Exact = "\"off\"" },
        new Scenario("a volatile function runs read-only over GET") { Url = "rpc/tx_mode", Status = 200, Exact = "\"on\"" },
        new Scenario("request settings reach SQL")
        {
            Method = "POST", Url = "rpc/whoami", Body = "{}", Headers = [("X-Test", "hi")], Status = 200,
            Contains = ["\"role\" : \"anon\"", "\"method\" : \"POST\"", "\"path\" : \"/rpc/whoami\"", "\"header\" : \"hi\"", "\"search_path\" : \"\\\"public\\\", \\\"extensions\\\"\"", "\"ro\" : \"on\"", "\"timeout\" : \"3s\""],
        },
        new Scenario("PUT on a function is 405 PGRST101") { Method = "PUT", Url = "rpc/add", Body = "{}", Status = 405, Contains = ["PGRST101"] },
        new Scenario("a non-object body for named arguments is 400 PGRST102") { Method = "POST", Url = "rpc/add", Body = "[1,2]", Status = 400, Contains = ["PGRST102"] },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public Task Rpc(Scenario scenario) => ScenarioRunner.RunAsync(fixture.Hub, scenario);
}
