namespace AgentHub.Rest.IntegrationTests;

/// <summary>GET/HEAD on tables and views: select, filters, order, paging, counts, representations (data-api.md §5–§9, §12).</summary>
public sealed class ReadScenarios(LibraryFixture fixture) : IClassFixture<LibraryFixture>
{
    private const string Singular = "application/vnd.pgrst.object+json";

    public static TheoryData<Scenario> Rows => new()
    {
        new Scenario("select star returns every row as a JSON array with Postgres' own formatting")
        {
            Url = "authors?select=*&order=id", Status = 200,
            Exact = """[{"id":1,"name":"Ann","country":"NO"}, {"id":2,"name":"Bob","country":"SE"}, {"id":3,"name":"Cid","country":null}]""",
            ExpectHeaders = [("Content-Range", "0-2/*"), ("Content-Type", "application/json; charset=utf-8"), ("Content-Profile", "public")],
        },
        new Scenario("a missing select means star") { Url = "authors?id=eq.2", Status = 200, Exact = """[{"id":2,"name":"Bob","country":"SE"}]""" },
        new Scenario("columns with alias and cast") { Url = "books?select=id,name:title,year::text&id=eq.1", Status = 200, Exact = """[{"id":1,"name":"The Hobbit","year":"1937"}]""" },
        new Scenario("json path selects take the last key as name") { Url = "books?select=pages:meta->pages,meta->>lang,meta->isbn->>a,meta->phones->0->>n&id=eq.1", Status = 200, Exact = """[{"pages":310,"lang":"en","a":"1","n":"1"}]""" },
        new Scenario("json path with a trailing index is named after the key before it") { Url = "books?select=meta->phones->1&id=eq.1", Status = 200, Exact = """[{"phones":{"n": "2"}}]""" },
        new Scenario("numeric and date values are formatted by Postgres") { Url = "books?select=price,published&id=eq.1", Status = 200, Exact = """[{"price":10.50,"published":"1937-09-21"}]""" },
        new Scenario("eq filter on text") { Url = "authors?name=eq.Bob&select=id", Status = 200, Exact = """[{"id":2}]""" },
        new Scenario("neq, gt, gte, lt, lte") { Url = "books?select=id&year=gt.1800&year=lte.1965&id=neq.2&order=id", Status = 200, Exact = """[{"id":1}, {"id":3}, {"id":5}]""" },
        new Scenario("like with star wildcard") { Url = "books?select=id&title=like.*Hobbit*", Status = 200, Exact = """[{"id":1}]""" },
        new Scenario("ilike with percent wildcard") { Url = "books?select=id&title=ilike.%25hob%25", Status = 200, Exact = """[{"id":1}]""" },
        new Scenario("like(any) quantifier") { Url = "books?select=id&title=like(any).{Dune,Emma}&order=id", Status = 200, Exact = """[{"id":2}, {"id":3}]""" },
        new Scenario("eq(any) quantifier") { Url = "books?select=id&id=eq(any).{1,3}&order=id", Status = 200, Exact = """[{"id":1}, {"id":3}]""" },
        new Scenario("gt(all) quantifier") { Url = "books?select=id&id=gt(all).{1,3}&order=id", Status = 200, Exact = """[{"id":4}, {"id":5}]""" },
        new Scenario("match and imatch regex") { Url = "books?select=id&title=imatch.^the&order=id", Status = 200, Exact = """[{"id":1}]""" },
        new Scenario("in list with a quoted item") { Url = "authors?select=id&name=in.(Ann,\"Bob\")&order=id", Status = 200, Exact = """[{"id":1}, {"id":2}]""" },
        new Scenario("not.in") { Url = "authors?select=id&id=not.in.(1,2)", Status = 200, Exact = """[{"id":3}]""" },
        new Scenario("empty in list matches nothing") { Url = "authors?select=id&id=in.()", Status = 200, Exact = "[]", ExpectHeaders = [("Content-Range", "*/*")] },
        new Scenario("is null and not.is.null") { Url = "authors?select=id&country=is.null", Status = 200, Exact = """[{"id":3}]""" },
        new Scenario("is.not_null") { Url = "books?select=id&price=is.not_null&order=id", Status = 200, Exact = """[{"id":1}, {"id":2}, {"id":4}, {"id":5}]""" },
        new Scenario("isdistinct") { Url = "authors?select=id&country=isdistinct.NO&order=id", Status = 200, Exact = """[{"id":2}, {"id":3}]""" },
        new Scenario("cs on an array") { Url = "books?select=id&tags=cs.{classic}&order=id", Status = 200, Exact = """[{"id":1}, {"id":3}, {"id":5}]""" },
        new Scenario("cd on an array") { Url = "books?select=id&tags=cd.{scifi,epic,x}&order=id", Status = 200, Exact = """[{"id":2}, {"id":4}]""" },
        new Scenario("ov on an array") { Url = "books?select=id&tags=ov.{epic,scifi}&order=id", Status = 200, Exact = """[{"id":2}, {"id":5}]""" },
        new Scenario("cs on jsonb") { Url = "books?select=id&meta=cs.{\"lang\":\"fi\"}", Status = 200, Exact = """[{"id":5}]""" },
        new Scenario("range operators sl sr adj ov") { Url = "ranges?select=id&during=sl.[6,8)", Status = 200, Exact = """[{"id":1}]""" },
        new Scenario("range adjacency") { Url = "ranges?select=id&during=adj.[5,10)&order=id", Status = 200, Exact = """[{"id":1}, {"id":2}]""" },
        new Scenario("fts on a tsvector column") { Url = "books?select=id&search=fts.hobbit", Status = 200, Exact = """[{"id":1}]""" },
        new Scenario("plfts with a config on a text column") { Url = "books?select=id&title=plfts(english).anonymous tales", Status = 200, Exact = """[{"id":4}]""" },
        new Scenario("wfts websearch") { Url = "books?select=id&title=wfts(english).\"the hobbit\"", Status = 200, Exact = """[{"id":1}]""" },
        new Scenario("json path filter with ->> compares text") { Url = "books?select=id&meta->>lang=eq.fi", Status = 200, Exact = """[{"id":5}]""" },
        new Scenario("json path filter with -> compares json") { Url = "books?select=id&meta->pages=gt.400&order=id", Status = 200, Exact = """[{"id":2}, {"id":3}]""" },
        new Scenario("or tree") { Url = "books?select=id&or=(id.eq.1,year.lt.1820)&order=id", Status = 200, Exact = """[{"id":1}, {"id":3}]""" },
        new Scenario("nested and inside or, and not.or") { Url = "books?select=id&or=(and(year.gt.1900,price.lt.11),id.eq.3)&not.or=(id.eq.4)&order=id", Status = 200, Exact = """[{"id":1}, {"id":3}]""" },
        new Scenario("repeated keys are AND-ed") { Url = "books?select=id&id=gt.1&id=lt.4&order=id", Status = 200, Exact = """[{"id":2}, {"id":3}]""" },
        new Scenario("order desc nullslast, several terms") { Url = "books?select=id&order=price.desc.nullslast,id.asc", Status = 200, Exact = """[{"id":2}, {"id":1}, {"id":5}, {"id":4}, {"id":3}]""" },
        new Scenario("order by json path") { Url = "books?select=id&order=meta->>pages.desc.nullslast&limit=2", Status = 200, Exact = """[{"id":3}, {"id":2}]""" },
        new Scenario("limit and offset give a Content-Range") { Url = "books?select=id&order=id&offset=1&limit=2", Status = 200, Exact = """[{"id":2}, {"id":3}]""", ExpectHeaders = [("Content-Range", "1-2/*")] },
        new Scenario("Range header works like limit and offset") { Url = "books?select=id&order=id", Headers = [("Range", "3-4")], Status = 200, Exact = """[{"id":4}, {"id":5}]""", ExpectHeaders = [("Content-Range", "3-4/*")] },
        new Scenario("count exact on a partial page is 206") { Url = "books?select=id&order=id&limit=2", Headers = [("Prefer", "count=exact")], Status = 206, ExpectHeaders = [("Content-Range", "0-1/5"), ("Preference-Applied", "count=exact")] },
        new Scenario("count exact with every row is 200") { Url = "books?select=id", Headers = [("Prefer", "count=exact")], Status = 200, ExpectHeaders = [("Content-Range", "0-4/5")] },
        new Scenario("count exact with no rows") { Url = "books?id=eq.99", Headers = [("Prefer", "count=exact")], Status = 200, Exact = "[]", ExpectHeaders = [("Content-Range", "*/0")] },
        new Scenario("offset beyond the count is 416") { Url = "books?offset=100", Headers = [("Prefer", "count=exact")], Status = 416, Contains = ["PGRST103", "An offset of 100 was requested, but there are only 5 rows."], ExpectHeaders = [("Content-Range", "*/5")] },
        new Scenario("count planned gives an estimate") { Url = "bigdata?select=id&limit=1", Headers = [("Prefer", "count=planned")], Status = 206, Contains = ["\"id\":1"] },
        new Scenario("count estimated above max-rows uses the plan") { Url = "bigdata?select=id&limit=1", Headers = [("Prefer", "count=estimated")], Status = 206 },
        new Scenario("max-rows caps a read at 1000 rows") { Url = "bigdata?select=id", Headers = [("Prefer", "count=exact")], Status = 206, ExpectHeaders = [("Content-Range", "0-999/1500")] },
        new Scenario("HEAD answers headers with no body") { Method = "HEAD", Url = "books?select=*", Headers = [("Prefer", "count=exact")], Status = 200, Exact = "", ExpectHeaders = [("Content-Range", "0-4/5")] },
        new Scenario("singular accept returns one object") { Url = "authors?id=eq.1", Headers = [("Accept", Singular)], Status = 200, Exact = """{"id":1,"name":"Ann","country":"NO"}""", ExpectHeaders = [("Content-Type", "application/vnd.pgrst.object+json; charset=utf-8")] },
        new Scenario("singular accept with several rows is 406 PGRST116") { Url = "authors", Headers = [("Accept", Singular)], Status = 406, Contains = ["PGRST116", "The result contains 3 rows"] },
        new Scenario("singular accept with no rows is 406 PGRST116") { Url = "authors?id=eq.9", Headers = [("Accept", Singular)], Status = 406, Contains = ["The result contains 0 rows"] },
        new Scenario("stripped nulls") { Url = "authors?id=eq.3", Headers = [("Accept", "application/vnd.pgrst.array+json;nulls=stripped")], Status = 200, Exact = """[{"id":3,"name":"Cid"}]""" },
        new Scenario("csv") { Url = "authors?select=id,name&order=id", Headers = [("Accept", "text/csv")], Status = 200, Exact = "id,name\n1,Ann\n2,Bob\n3,Cid", ExpectHeaders = [("Content-Type", "text/csv; charset=utf-8")] },
        new Scenario("csv quotes values with commas") { Url = "books?select=id,tags&id=eq.1", Headers = [("Accept", "text/csv")], Status = 200, Exact = "id,tags\n1,\"{fantasy,classic}\"" },
        new Scenario("unsupported accept is 406 PGRST107") { Url = "authors", Headers = [("Accept", "application/xml")], Status = 406, Contains = ["PGRST107"] },
        new Scenario("a view reads like a table") { Url = "book_view?select=id,title&id=eq.2", Status = 200, Exact = """[{"id":2,"title":"Dune"}]""" },
        new Scenario("quoted mixed-case names") { Url = "Mixed%20Case?select=%22Id%22,%22Value%22", Status = 200, Exact = """[{"Id":1,"Value":"x"}]""" },
        new Scenario("computed column") { Url = "books?select=id,full_title&id=eq.2", Status = 200, Exact = """[{"id":2,"full_title":"Dune (1965)"}]""" },
        new Scenario("Accept-Profile with an unexposed schema is 406 PGRST106") { Url = "authors", Headers = [("Accept-Profile", "secret")], Status = 406, Contains = ["PGRST106", "Invalid schema: secret"] },
        new Scenario("unknown table is 404 PGRST205 with a suggestion") { Url = "author", Status = 404, Contains = ["PGRST205", "Could not find the table 'public.author' in the schema cache", "Perhaps you meant the table 'public.authors'"] },
        new Scenario("unknown column in select is 400 42703") { Url = "authors?select=nope", Status = 400, Contains = ["42703", "column authors.nope does not exist"] },
        new Scenario("unknown column in a filter is 400 42703") { Url = "authors?nope=eq.1", Status = 400, Contains = ["42703"] },
        new Scenario("unknown column in order is 400 42703") { Url = "authors?order=nope", Status = 400, Contains = ["42703"] },
        new Scenario("a value of the wrong type is 400 22P02") { Url = "authors?id=eq.abc", Status = 400, Contains = ["22P02", "invalid input syntax for type integer"] },
        new Scenario("unknown cast type is 400") { Url = "authors?select=id::nosuchtype", Status = 400, Contains = ["type \\\"nosuchtype\\\" does not exist"] },
        new Scenario("malformed filter is 400 PGRST100") { Url = "authors?id=noop.1", Status = 400, Contains = ["PGRST100"] },
        new Scenario("malformed select is 400 PGRST100") { Url = "authors?select=id,(", Status = 400, Contains = ["PGRST100"] },
        new Scenario("deeper paths are 404 PGRST125") { Url = "authors/1", Status = 404, Contains = ["PGRST125"] },
        new Scenario("aggregates are disabled, 400 PGRST123") { Url = "books?select=price.sum()", Status = 400, Contains = ["PGRST123"] },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public Task Read(Scenario scenario) => ScenarioRunner.RunAsync(fixture.Hub, scenario);
}
