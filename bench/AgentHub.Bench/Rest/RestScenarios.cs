using System.Text;
using NpgsqlTypes;

namespace AgentHub.Bench.Rest;

/// <summary>
/// The six request shapes of issue #4 and, for each, the exact statement AgentHub.Rest builds
/// (src/AgentHub.Rest/Sql; the golden tests in test/AgentHub.Rest.Tests/Sql show the same forms).
/// Run with AGENTHUB_BENCH_LOG_SQL=1 to have PostgreSQL log what the hub sends and compare.
/// </summary>
internal static class RestScenarios
{
    /// <summary>Rows seeded in public.items; random ids are drawn from 1..ItemRows.</summary>
    public const int ItemRows = 5_000;

    /// <summary>Rows in public.authors (the embedded relation).</summary>
    public const int AuthorRows = 100;

    private const string Tail =
        "nullif(current_setting('response.headers', true), '') AS pgrst_headers, nullif(current_setting('response.status', true), '') AS pgrst_status, ";

    private const string NoBody = "convert_to(NULL::text, 'UTF8') AS pgrst_body FROM pgrst_page AS _t";
    private const string ArrayBody = "convert_to(coalesce(json_agg(_t), '[]')::text, 'UTF8') AS pgrst_body FROM pgrst_page AS _t";
    private const string Counts = "SELECT NULL::bigint AS pgrst_total, pg_catalog.count(*) AS pgrst_page, NULL::bigint AS pgrst_inserted, ";
    private const string ItemColumns = "t1.\"id\", t1.\"owner_id\", t1.\"author_id\", t1.\"title\", t1.\"body\", t1.\"score\", t1.\"created_at\"";

    public static IReadOnlyList<RestScenario> All { get; } =
    [
        new("GET one row by primary key", HttpMethod.Get, "items?select=*&id=eq.{0}", null, null, 200,
            "WITH pgrst_page AS (SELECT " + ItemColumns + " FROM \"public\".\"items\" AS t1 WHERE t1.\"id\" = $1 LIMIT $2) " + Counts + Tail + ArrayBody,
            id => [Unknown(id), new(1000L, NpgsqlDbType.Bigint)], ReadOnly: true),

        new("GET one row with embedded author", HttpMethod.Get, "items?select=id,title,authors(id,name)&id=eq.{0}", null, null, 200,
            "WITH pgrst_page AS (SELECT t1.\"id\" AS \"id\", t1.\"title\" AS \"title\", pgrst_3.body AS \"authors\" FROM \"public\".\"items\" AS t1 "
            + "LEFT JOIN LATERAL (SELECT row_to_json(_c) AS body FROM (SELECT t2.\"id\" AS \"id\", t2.\"name\" AS \"name\" FROM \"public\".\"authors\" AS t2 WHERE t2.\"id\" = t1.\"author_id\") AS _c) AS pgrst_3 ON TRUE "
            + "WHERE t1.\"id\" = $1 LIMIT $2) " + Counts + Tail + ArrayBody,
            id => [Unknown(id), new(1000L, NpgsqlDbType.Bigint)], ReadOnly: true),

        new("RPC add_numbers(a, b)", HttpMethod.Post, "rpc/add_numbers", id => $$"""{"a":{{id}},"b":1}""", null, 200,
            "WITH pgrst_source AS (SELECT pgrst_call.* FROM json_to_record($1) AS pgrst_args(\"a\" integer, \"b\" integer), LATERAL \"public\".\"add_numbers\"(\"a\" => pgrst_args.\"a\", \"b\" => pgrst_args.\"b\") AS pgrst_call), "
            + "pgrst_page AS (SELECT t1.\"pgrst_call\" AS \"pgrst_call\" FROM pgrst_source AS t1) " + Counts + Tail
            + "convert_to(coalesce((json_agg(_t.pgrst_call)->0)::text, 'null'), 'UTF8') AS pgrst_body FROM pgrst_page AS _t",
            id => [new($$"""{"a":{{id}},"b":1}""", NpgsqlDbType.Json)], ReadOnly: true),

        new("PATCH one row", HttpMethod.Patch, "items?id=eq.{0}", id => $$"""{"score":{{id % 1000}}}""", "return=minimal", 204,
            "WITH pgrst_source AS (UPDATE \"public\".\"items\" AS t1 SET \"score\" = pgrst_body.\"score\" FROM json_populate_record(NULL::\"public\".\"items\", $1) AS pgrst_body WHERE t1.\"id\" = $2 RETURNING 1 AS pgrst_one), "
            + "pgrst_page AS (SELECT 1 FROM pgrst_source) " + Counts + Tail + NoBody,
            id => [new($$"""{"score":{{id % 1000}}}""", NpgsqlDbType.Json), Unknown(id)], ReadOnly: false),

        new("POST one row", HttpMethod.Post, "items", OneItem, "return=minimal", 201,
            "WITH pgrst_source AS (INSERT INTO \"public\".\"items\" AS t1 (\"author_id\", \"title\", \"body\") SELECT pgrst_body.\"author_id\", pgrst_body.\"title\", pgrst_body.\"body\" FROM json_populate_recordset(NULL::\"public\".\"items\", $1) AS pgrst_body RETURNING 1 AS pgrst_one), "
            + "pgrst_page AS (SELECT 1 FROM pgrst_source) " + Counts + Tail + NoBody,
            id => [new("[" + OneItem(id) + "]", NpgsqlDbType.Json)], ReadOnly: false),

        new("POST 100 rows (bulk insert)", HttpMethod.Post, "items", HundredItems, "return=minimal", 201,
            "WITH pgrst_source AS (INSERT INTO \"public\".\"items\" AS t1 (\"author_id\", \"title\", \"body\") SELECT pgrst_body.\"author_id\", pgrst_body.\"title\", pgrst_body.\"body\" FROM json_populate_recordset(NULL::\"public\".\"items\", $1) AS pgrst_body RETURNING 1 AS pgrst_one), "
            + "pgrst_page AS (SELECT 1 FROM pgrst_source) " + Counts + Tail + NoBody,
            id => [new(HundredItems(id), NpgsqlDbType.Json)], ReadOnly: false),
    ];

    /// <summary>The tables, policies, function and seed rows; every item belongs to the benchmark's user.</summary>
    public static string Migration(Guid user) => $"""
        create table public.authors (id bigint primary key, name text not null);
        create table public.items (
          id bigint generated by default as identity primary key,
          owner_id uuid not null default auth.uid(),
          author_id bigint not null references public.authors (id),
          title text not null,
          body text not null default '',
          score int not null default 0,
          created_at timestamptz not null default now());
        create index items_author_idx on public.items (author_id);
        alter table public.authors enable row level security;
        alter table public.items enable row level security;
        -- The usual Supabase policy: a signed-in user reads and writes only their own rows.
        create policy authors_read on public.authors for select to authenticated using (true);
        create policy items_own on public.items for all to authenticated using (owner_id = auth.uid()) with check (owner_id = auth.uid());
        create function public.add_numbers(a int, b int) returns int language sql immutable as $$ select a + b $$;
        insert into public.authors select n, 'author ' || n from generate_series(1, {AuthorRows}) n;
        insert into public.items (id, owner_id, author_id, title, body)
          select n, '{user}', 1 + n % {AuthorRows}, 'item ' || n, repeat('x', 100) from generate_series(1, {ItemRows}) n;
        select setval(pg_get_serial_sequence('public.items', 'id'), {ItemRows});
        analyze public.authors, public.items;
        """;

    private static RestParameter Unknown(long id) => new(id.ToString(System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Unknown);

    private static string OneItem(long id) => $$"""{"author_id":{{1 + id % AuthorRows}},"title":"new item {{id}}","body":"written by the benchmark"}""";

    private static string HundredItems(long id)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < 100; i++) json.Append(i == 0 ? "" : ",").Append(OneItem(id + i));
        return json.Append(']').ToString();
    }
}
