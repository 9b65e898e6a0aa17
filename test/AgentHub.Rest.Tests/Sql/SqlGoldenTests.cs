using System.Text;
using AgentHub.Rest.Plan;
using AgentHub.Rest.Sql;

namespace AgentHub.Rest.Tests.Sql;

/// <summary>
/// Plan → SQL golden tests: the exact statement text and parameters for each request shape. The
/// text is stable per shape (values are parameters), which is what makes prepared statements pay.
/// </summary>
public sealed class SqlGoldenTests
{
    private const string Tail = "nullif(current_setting('response.headers', true), '') AS pgrst_headers, nullif(current_setting('response.status', true), '') AS pgrst_status, ";

    public static TheoryData<string, string, string?, string?, string> Rows => new()
    {
        {
            "GET", "/authors?select=id,name&name=eq.Ann&order=id.desc&limit=10", null, null,
            "WITH pgrst_page AS (SELECT t1.\"id\" AS \"id\", t1.\"name\" AS \"name\" FROM \"public\".\"authors\" AS t1 WHERE t1.\"name\" = $1 ORDER BY t1.\"id\" DESC LIMIT $2) "
            + "SELECT NULL::bigint AS pgrst_total, pg_catalog.count(*) AS pgrst_page, NULL::bigint AS pgrst_inserted, " + Tail
            + "convert_to(coalesce(json_agg(_t), '[]')::text, 'UTF8') AS pgrst_body FROM pgrst_page AS _t\n$1 = unknown:'Ann'\n$2 = bigint:10"
        },
        {
            "GET", "/books?select=id&meta->>lang=eq.fi&tags=cs.{a}&id=in.(1,2)", "count=exact", null,
            "WITH pgrst_page AS (SELECT t1.\"id\" AS \"id\" FROM \"public\".\"books\" AS t1 WHERE (t1.\"meta\"->>$1) = $2 AND t1.\"tags\" @> $3 AND t1.\"id\" = ANY($4) LIMIT $5) "
            + "SELECT (SELECT pg_catalog.count(*) FROM \"public\".\"books\" AS t1 WHERE (t1.\"meta\"->>$1) = $2 AND t1.\"tags\" @> $3 AND t1.\"id\" = ANY($4)) AS pgrst_total, pg_catalog.count(*) AS pgrst_page, NULL::bigint AS pgrst_inserted, " + Tail
            + "convert_to(coalesce(json_agg(_t), '[]')::text, 'UTF8') AS pgrst_body FROM pgrst_page AS _t\n$1 = text:'lang'\n$2 = unknown:'fi'\n$3 = unknown:'{a}'\n$4 = unknown:'{\"1\",\"2\"}'\n$5 = bigint:1000"
        },
        {
            "GET", "/books?select=title,authors(name)&search=fts(english).cat", null, "application/vnd.pgrst.object+json",
            "WITH pgrst_page AS (SELECT t1.\"title\" AS \"title\", pgrst_3.body AS \"authors\" FROM \"public\".\"books\" AS t1 LEFT JOIN LATERAL (SELECT row_to_json(_c) AS body FROM (SELECT t2.\"name\" AS \"name\" FROM \"public\".\"authors\" AS t2 WHERE t2.\"id\" = t1.\"author_id\") AS _c) AS pgrst_3 ON TRUE WHERE t1.\"search\" @@ to_tsquery($1::regconfig, $2) LIMIT $3) "
            + "SELECT NULL::bigint AS pgrst_total, pg_catalog.count(*) AS pgrst_page, NULL::bigint AS pgrst_inserted, " + Tail
            + "convert_to(coalesce((json_agg(_t)->0)::text, ''), 'UTF8') AS pgrst_body FROM pgrst_page AS _t\n$1 = text:'english'\n$2 = text:'cat'\n$3 = bigint:1000"
        },
        {
            "GET", "/authors?select=name,books!inner(title,categories(name))&books.title=like.*a*", null, null,
            "WITH pgrst_page AS (SELECT t1.\"name\" AS \"name\", coalesce(pgrst_6.body, '[]') AS \"books\" FROM \"public\".\"authors\" AS t1 LEFT JOIN LATERAL (SELECT json_agg(_c) AS body FROM (SELECT t2.\"title\" AS \"title\", coalesce(pgrst_5.body, '[]') AS \"categories\" FROM \"public\".\"books\" AS t2 LEFT JOIN LATERAL (SELECT json_agg(_c) AS body FROM (SELECT t3.\"name\" AS \"name\" FROM \"public\".\"categories\" AS t3 JOIN \"public\".\"book_categories\" AS j4 ON j4.\"category_id\" = t3.\"id\" WHERE j4.\"book_id\" = t2.\"id\") AS _c) AS pgrst_5 ON TRUE WHERE t2.\"author_id\" = t1.\"id\" AND t2.\"title\" LIKE $1) AS _c) AS pgrst_6 ON TRUE "
            + "WHERE EXISTS (SELECT 1 FROM \"public\".\"books\" AS t7 WHERE t7.\"author_id\" = t1.\"id\" AND t7.\"title\" LIKE $2) LIMIT $3) "
            + "SELECT NULL::bigint AS pgrst_total, pg_catalog.count(*) AS pgrst_page, NULL::bigint AS pgrst_inserted, " + Tail
            + "convert_to(coalesce(json_agg(_t), '[]')::text, 'UTF8') AS pgrst_body FROM pgrst_page AS _t\n$1 = unknown:'%a%'\n$2 = unknown:'%a%'\n$3 = bigint:1000"
        },
        {
            "POST", "/items?columns=%22name%22,%22note%22&select=id", "return=representation, missing=default", null,
            "WITH pgrst_source AS (INSERT INTO \"public\".\"items\" AS t1 (\"name\", \"note\") SELECT pgrst_body.\"name\", CASE WHEN (pgrst_elem.j::jsonb) ? $2 THEN pgrst_body.\"note\" ELSE 'none'::text END FROM json_array_elements($1) AS pgrst_elem(j), LATERAL json_populate_record(NULL::\"public\".\"items\", pgrst_elem.j) AS pgrst_body RETURNING t1.*), "
            + "pgrst_page AS (SELECT t2.\"id\" AS \"id\" FROM pgrst_source AS t2) "
            + "SELECT NULL::bigint AS pgrst_total, pg_catalog.count(*) AS pgrst_page, NULL::bigint AS pgrst_inserted, " + Tail
            + "convert_to(coalesce(json_agg(_t), '[]')::text, 'UTF8') AS pgrst_body FROM pgrst_page AS _t\n$1 = json:'[{\"name\":\"a\"},{\"name\":\"b\",\"note\":\"x\"}]'\n$2 = text:'note'"
        },
        {
            "POST", "/items?on_conflict=name&columns=name,note", "resolution=merge-duplicates", null,
            "WITH pgrst_source AS (INSERT INTO \"public\".\"items\" AS t1 (\"name\", \"note\") SELECT pgrst_body.\"name\", pgrst_body.\"note\" FROM json_populate_recordset(NULL::\"public\".\"items\", $1) AS pgrst_body ON CONFLICT (\"name\") DO UPDATE SET \"name\" = EXCLUDED.\"name\", \"note\" = EXCLUDED.\"note\" RETURNING 1 AS pgrst_one, (t1.xmax = 0) AS pgrst_inserted), "
            + "pgrst_page AS (SELECT 1 FROM pgrst_source) "
            + "SELECT NULL::bigint AS pgrst_total, pg_catalog.count(*) AS pgrst_page, (SELECT pg_catalog.count(*) FROM pgrst_source WHERE pgrst_inserted) AS pgrst_inserted, " + Tail
            + "convert_to(NULL::text, 'UTF8') AS pgrst_body FROM pgrst_page AS _t\n$1 = json:'[{\"name\":\"a\"},{\"name\":\"b\",\"note\":\"x\"}]'"
        },
        {
            "PATCH", "/items?id=gt.5", null, null,
            "WITH pgrst_source AS (UPDATE \"public\".\"items\" AS t1 SET \"name\" = pgrst_body.\"name\" FROM json_populate_record(NULL::\"public\".\"items\", $1) AS pgrst_body WHERE t1.\"id\" > $2 RETURNING 1 AS pgrst_one), "
            + "pgrst_page AS (SELECT 1 FROM pgrst_source) "
            + "SELECT NULL::bigint AS pgrst_total, pg_catalog.count(*) AS pgrst_page, NULL::bigint AS pgrst_inserted, " + Tail
            + "convert_to(NULL::text, 'UTF8') AS pgrst_body FROM pgrst_page AS _t\n$1 = json:'{\"name\":\"z\"}'\n$2 = unknown:'5'"
        },
        {
            "DELETE", "/items?or=(id.eq.1,name.is.null)", "return=representation", null,
            "WITH pgrst_source AS (DELETE FROM \"public\".\"items\" AS t1 WHERE (t1.\"id\" = $1 OR t1.\"name\" IS NULL) RETURNING t1.*), "
            + "pgrst_page AS (SELECT t2.\"id\", t2.\"name\", t2.\"note\" FROM pgrst_source AS t2) "
            + "SELECT NULL::bigint AS pgrst_total, pg_catalog.count(*) AS pgrst_page, NULL::bigint AS pgrst_inserted, " + Tail
            + "convert_to(coalesce(json_agg(_t), '[]')::text, 'UTF8') AS pgrst_body FROM pgrst_page AS _t\n$1 = unknown:'1'"
        },
        {
            "POST", "/rpc/add", null, null,
            "WITH pgrst_source AS (SELECT pgrst_call.* FROM json_to_record($1) AS pgrst_args(\"a\" integer, \"b\" integer), LATERAL \"public\".\"add\"(\"a\" => pgrst_args.\"a\", \"b\" => pgrst_args.\"b\") AS pgrst_call), "
            + "pgrst_page AS (SELECT t1.\"pgrst_call\" AS \"pgrst_call\" FROM pgrst_source AS t1) "
            + "SELECT NULL::bigint AS pgrst_total, pg_catalog.count(*) AS pgrst_page, NULL::bigint AS pgrst_inserted, " + Tail
            + "convert_to(coalesce((json_agg(_t.pgrst_call)->0)::text, 'null'), 'UTF8') AS pgrst_body FROM pgrst_page AS _t\n$1 = json:'{\"a\":1,\"b\":2}'"
        },
        {
            "GET", "/rpc/sum_all?nums=1&nums=2", null, null,
            "WITH pgrst_source AS (SELECT pgrst_call.* FROM \"public\".\"sum_all\"(VARIADIC \"nums\" => CAST($1 AS integer[])) AS pgrst_call), "
            + "pgrst_page AS (SELECT t1.\"pgrst_call\" AS \"pgrst_call\" FROM pgrst_source AS t1) "
            + "SELECT NULL::bigint AS pgrst_total, pg_catalog.count(*) AS pgrst_page, NULL::bigint AS pgrst_inserted, " + Tail
            + "convert_to(coalesce((json_agg(_t.pgrst_call)->0)::text, 'null'), 'UTF8') AS pgrst_body FROM pgrst_page AS _t\n$1 = unknown:'{\"1\",\"2\"}'"
        },
        {
            "GET", "/rpc/books_after?y=1900&select=id&order=id", null, null,
            "WITH pgrst_source AS (SELECT pgrst_call.* FROM \"public\".\"books_after\"(\"y\" => CAST($1 AS integer)) AS pgrst_call), "
            + "pgrst_page AS (SELECT t1.\"id\" AS \"id\" FROM pgrst_source AS t1 ORDER BY t1.\"id\" LIMIT $2) "
            + "SELECT NULL::bigint AS pgrst_total, pg_catalog.count(*) AS pgrst_page, NULL::bigint AS pgrst_inserted, " + Tail
            + "convert_to(coalesce(json_agg(_t), '[]')::text, 'UTF8') AS pgrst_body FROM pgrst_page AS _t\n$1 = unknown:'1900'\n$2 = bigint:1000"
        },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Statement_text_and_parameters(string method, string url, string? prefer, string? accept, string expected)
    {
        var plan = TestRequests.Plan(method, url, new RestRequestHeaders(Accept: accept, Prefer: prefer));
        var body = method switch
        {
            "PATCH" => """{"name":"z"}""",
            "POST" when url.StartsWith("/rpc/", StringComparison.Ordinal) => """{"a":1,"b":2}""",
            "POST" => """[{"name":"a"},{"name":"b","note":"x"}]""",
            _ => null,
        };
        var payload = body is null ? null : JsonPayload.Parse(Encoding.UTF8.GetBytes(body));
        var result = StatementBuilder.Build(plan, TestSchema.Library, payload, BuildOptions.Default);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(expected, result.Value.ToString());
    }

    [Theory]
    [InlineData("GET", "/nope", "PGRST205")]
    [InlineData("GET", "/authors?select=nope", "42703")]
    [InlineData("GET", "/authors?select=*,categories(*)", "PGRST200")]
    [InlineData("GET", "/authors?select=*,books(*)&order=books(title)", "PGRST118")]
    [InlineData("GET", "/authors?select=id::nosuchtype", "42704")]
    [InlineData("GET", "/rpc/add?x=1", "PGRST202")]
    public void Schema_errors(string method, string url, string code)
    {
        var result = StatementBuilder.Build(TestRequests.Plan(method, url), TestSchema.Library, null, BuildOptions.Default);
        Assert.False(result.IsSuccess);
        Assert.Equal(code, result.Error.Code);
    }

    [Fact]
    public void The_same_shape_with_other_values_gives_the_same_text()
    {
        string Text(string url) => StatementBuilder.Build(TestRequests.Plan("GET", url), TestSchema.Library, null, BuildOptions.Default).Value!.Sql;
        Assert.Equal(Text("/books?select=id,k:meta->>a&title=eq.x&limit=1"), Text("/books?select=id,k:meta->>b&title=eq.y&limit=99"));
    }
}
