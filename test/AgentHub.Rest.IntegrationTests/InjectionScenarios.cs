namespace AgentHub.Rest.IntegrationTests;

/// <summary>
/// Hostile input in every parameter and header: each gets the right PostgREST error (or a harmless
/// answer), and the database is untouched. Identifiers only come from the schema cache and values
/// are always parameters, so none of these can reach SQL as code.
/// </summary>
public sealed class InjectionScenarios(NotesFixture fixture) : IClassFixture<NotesFixture>
{
    private const string Intact = "select count(*)::text from victims";

    public static TheoryData<Scenario> Rows => new()
    {
        new Scenario("SQL in a filter value is just a value") { Url = "victims?id=eq.1;drop table victims", Status = 400, Contains = ["22P02"], After = [(Intact, "1")] },
        new Scenario("a quote in a text filter value matches nothing") { Url = "notes?body=eq.x'%20or%20'1'='1", As = "service", Status = 200, Exact = "[]", After = [(Intact, "1")] },
        new Scenario("SQL in select is a parse error") { Url = "victims?select=id);drop table victims;--", Status = 400, Contains = ["PGRST100"], After = [(Intact, "1")] },
        new Scenario("a quoted identifier with SQL is an unknown column") { Url = "victims?select=%22id%5C%22);drop table victims;--%22", Status = 400, Contains = ["42703"], After = [(Intact, "1")] },
        new Scenario("SQL in order is a parse error or unknown column") { Url = "victims?order=id;drop table victims", Status = 400, After = [(Intact, "1")] },
        new Scenario("SQL in a JSON path key is a parameter") { Url = "victims?select=x:id->>%27;drop table victims", Status = 200, Exact = """[{"x":null}]""", After = [(Intact, "1")] },
        new Scenario("SQL in an in list is values") { Url = "victims?id=in.(1,%222);drop table victims;--%22)", Status = 400, Contains = ["22P02"], After = [(Intact, "1")] },
        new Scenario("SQL in a cast is an unknown type") { Url = "victims?select=id::text;drop", Status = 400, After = [(Intact, "1")] },
        new Scenario("SQL in on_conflict is refused") { Method = "POST", Url = "victims?on_conflict=id);drop table victims;--", Body = """{"id":2}""", Headers = [("Prefer", "resolution=merge-duplicates")], Status = 400, After = [(Intact, "1")] },
        new Scenario("SQL in columns is refused") { Method = "POST", Url = "victims?columns=id);drop table victims;--", Body = """{"id":2}""", Status = 400, After = [(Intact, "1")] },
        new Scenario("SQL in a payload key is an unknown column") { Method = "POST", Url = "victims", Body = """{"id\") values (3); drop table victims;--":1}""", As = "service", Status = 400, Contains = ["PGRST204"], After = [(Intact, "1")] },
        new Scenario("SQL in a payload value is a value") { Method = "POST", Url = "notes", Body = """{"body":"'); drop table victims;--"}""", As = "alice", Status = 201, After = [(Intact, "1"), ("select count(*)::text from notes where body like '%drop table%'", "1")] },
        new Scenario("SQL in a table name is an unknown table") { Url = "victims;drop%20table%20victims", Status = 404, Contains = ["PGRST205"], After = [(Intact, "1")] },
        new Scenario("SQL in a function argument name is an unknown function") { Url = "rpc/my_claims?x%22)%3Bdrop%20table%20victims%3B--=1", Status = 404, Contains = ["PGRST202"], After = [(Intact, "1")] },
        new Scenario("SQL in Accept-Profile is an unexposed schema") { Url = "victims", Headers = [("Accept-Profile", "public\"; drop table victims;--")], Status = 406, Contains = ["PGRST106"], After = [(Intact, "1")] },
        new Scenario("SQL in Prefer is ignored") { Url = "victims", Headers = [("Prefer", "count=exact; drop table victims")], Status = 200, After = [(Intact, "1")] },
        new Scenario("SQL in Prefer timezone is a bad setting") { Url = "victims", Headers = [("Prefer", "timezone=UTC'; drop table victims;--")], Status = 400, Contains = ["22023"], After = [(Intact, "1")] },
        new Scenario("SQL in a custom header reaches SQL only as JSON data") { Url = "victims", Headers = [("X-Evil", "'); drop table victims;--")], Status = 200, After = [(Intact, "1")] },
        new Scenario("a NUL byte in a value is refused by Postgres") { Url = "notes?body=eq.a%00b", Status = 400, After = [(Intact, "1")] },
        new Scenario("a NUL byte in an identifier is refused") { Url = "notes?select=%22a%00b%22", Status = 400, After = [(Intact, "1")] },
        new Scenario("a body over the limit is 413") { Method = "POST", Url = "notes", Body = "{\"body\":\"" + new string('x', 11 * 1024 * 1024) + "\"}", As = "alice", Status = 413, Contains = ["PGRST102"], After = [("select count(*)::text from notes where length(body) > 1000", "0")] },
        new Scenario("deeply nested JSON is refused") { Method = "POST", Url = "notes", Body = new string('[', 1000) + new string(']', 1000), As = "alice", Status = 400, Contains = ["PGRST102"] },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public Task Inject(Scenario scenario) => ScenarioRunner.RunAsync(fixture.Hub, scenario);
}
