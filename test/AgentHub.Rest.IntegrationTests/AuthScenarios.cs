namespace AgentHub.Rest.IntegrationTests;

/// <summary>API keys, JWTs and row-level security (data-api.md §14, §17): two users each see and change only their rows.</summary>
public sealed class AuthScenarios(NotesFixture fixture) : IClassFixture<NotesFixture>
{
    private const string AliceId = "11111111-1111-1111-1111-111111111111";
    private const string BobId = "22222222-2222-2222-2222-222222222222";

    public static TheoryData<Scenario> Rows => new()
    {
        new Scenario("no apikey is the gateway's 401") { Url = "notes", ApiKey = "", Status = 401, Exact = """{"message":"No API key found in request"}""" },
        new Scenario("an unknown apikey is the gateway's 401") { Url = "notes", ApiKey = "sb_nope", Status = 401, Exact = """{"message":"Invalid API key"}""" },
        new Scenario("a user token is no apikey") { Url = "notes", ApiKey = RestHub.UserToken(ScenarioRunner.Alice), Status = 401, Contains = ["Invalid API key"] },
        new Scenario("the apikey may come in the query string") { Url = "notes?select=body&apikey=" + ApiKeyPlaceholder, ApiKey = "", As = "none", Status = 200 },
        new Scenario("anon sees only public rows") { Url = "notes?select=body&order=id", Status = 200, Exact = """[{"body":"alice public"}]""" },
        new Scenario("no Authorization header is anon too") { Url = "notes?select=body", As = "none", Status = 200, Exact = """[{"body":"alice public"}]""" },
        new Scenario("alice sees her rows") { Url = "notes?select=body&order=id", As = "alice", Status = 200, Exact = """[{"body":"alice secret"}, {"body":"alice public"}]""" },
        new Scenario("bob sees his rows") { Url = "notes?select=body&order=id", As = "bob", Status = 200, Exact = """[{"body":"bob secret"}]""" },
        new Scenario("the service role bypasses row-level security") { Url = "notes?select=body", As = "service", Headers = [("Prefer", "count=exact")], Status = 200, ExpectHeaders = [("Content-Range", "0-2/3")] },
        new Scenario("auth.uid(), auth.role() and auth.email() read the claims") { Method = "POST", Url = "rpc/my_claims", Body = "{}", As = "alice", Status = 200, Contains = ["\"uid\" : \"" + AliceId + "\"", "\"role\" : \"authenticated\""] },
        new Scenario("alice inserts her own row, user_id defaulting to auth.uid()")
        {
            Method = "POST", Url = "notes?select=body,user_id", Body = """{"body":"alice new"}""", As = "alice", Headers = [("Prefer", "return=representation")], Status = 201,
            Exact = "[{\"body\":\"alice new\",\"user_id\":\"" + AliceId + "\"}]",
        },
        new Scenario("alice cannot insert a row for bob: 403 42501")
        {
            Method = "POST", Url = "notes", Body = "{\"body\":\"forged\",\"user_id\":\"" + BobId + "\"}", As = "alice", Status = 403,
            Contains = ["42501", "new row violates row-level security policy for table \\\"notes\\\""], After = [("select count(*)::text from notes where body = 'forged'", "0")],
        },
        new Scenario("anon cannot insert: 401 42501 with WWW-Authenticate") { Method = "POST", Url = "notes", Body = """{"body":"anon"}""", Status = 401, Contains = ["42501"], ExpectHeaders = [("WWW-Authenticate", "Bearer")] },
        new Scenario("bob's update of alice's row touches nothing")
        {
            Method = "PATCH", Url = "notes?body=eq.alice%20secret", Body = """{"body":"hacked"}""", As = "bob", Status = 204, ExpectHeaders = [("Content-Range", "*/*")],
            After = [("select count(*)::text from notes where body = 'alice secret'", "1")],
        },
        new Scenario("bob's delete of every row deletes only his") { Setup = "insert into notes (user_id, body) values ('" + BobId + "', 'bob temp')", Method = "DELETE", Url = "notes", As = "bob", Headers = [("Prefer", "count=exact")], Status = 204, ExpectHeaders = [("Content-Range", "*/2")], After = [("select count(*)::text from notes where user_id = '" + AliceId + "'", "3")] },
        new Scenario("alice updates her own row") { Method = "PATCH", Url = "notes?body=eq.alice%20new&select=body", Body = """{"body":"alice edited"}""", As = "alice", Headers = [("Prefer", "return=representation")], Status = 200, Exact = """[{"body":"alice edited"}]""" },
        new Scenario("an expired token is 401 PGRST303") { Url = "notes", As = ExpiredToken, Status = 401, Exact = """{"code":"PGRST303","message":"JWT expired","details":null,"hint":null}""", ExpectHeaders = [("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"JWT expired\"")] },
        new Scenario("a token signed with another secret is 401 PGRST301") { Url = "notes", As = ForgedToken, Status = 401, Contains = ["PGRST301"], ExpectHeaders = [("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"JWSError JWSInvalidSignature\"")] },
        new Scenario("a malformed token is 401 PGRST301") { Url = "notes", As = "not-a-jwt", Status = 401, Contains = ["PGRST301", "Expected 3 parts in JWT; got 1"] },
        new Scenario("a token whose role does not exist is 401") { Url = "notes", As = GhostRoleToken, Status = 401, Contains = ["role \\\"ghost\\\" does not exist"] },
        new Scenario("a token for a role the authenticator may not become is refused") { Url = "notes", As = SuperuserToken, Status = 403, NotContains = ["alice"] },
        new Scenario("a table the role may not read is 401 for anon") { Url = "locked", Status = 401, Contains = ["42501", "permission denied for table locked"] },
        new Scenario("a table the role may not read is 403 for a user") { Url = "locked", As = "alice", Status = 403, Contains = ["42501"] },
    };

    private const string ApiKeyPlaceholder = "{anon}";

    private static string ExpiredToken => RestHub.UserToken(ScenarioRunner.Alice, expiresInSeconds: -120);

    private static string ForgedToken => RestHub.Sign($$"""{"sub":"{{AliceId}}","role":"service_role"}""", "another-secret-another-secret-another-secret");

    private static string GhostRoleToken => RestHub.Sign("""{"role":"ghost"}""");

    private static string SuperuserToken => RestHub.Sign("""{"role":"pg_read_server_files"}""");

    [Theory]
    [MemberData(nameof(Rows))]
    public Task Auth(Scenario scenario) => ScenarioRunner.RunAsync(fixture.Hub, scenario with { Url = scenario.Url.Replace(ApiKeyPlaceholder, fixture.Hub.Keys.Anon, StringComparison.Ordinal) });
}
