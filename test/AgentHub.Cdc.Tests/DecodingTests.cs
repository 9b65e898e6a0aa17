using System.Text.Json;
using AgentHub.Testing;

namespace AgentHub.Cdc.Tests;

/// <summary>
/// The worker against a real PostgreSQL: what pgoutput sends becomes events whose payload values are
/// what <c>to_jsonb</c> gives for the same rows (asked in the same test), with replica identity,
/// TOAST and ordering as docs/realtime-protocol.md §6 describes.
/// </summary>
public sealed class DecodingTests(PostgresFixture postgres)
{
    private const string TypesSchema = """
        create type mood as enum ('sad', 'happy', 'so "so"');
        create domain posint as integer check (value > 0);
        create type pair as (a int, b text, c timestamptz, d int[], e jsonb);
        create table types (
          id int primary key,
          c_int2 smallint, c_int4 int, c_int8 bigint, c_numeric numeric, c_numeric_scaled numeric(10, 3),
          c_real real, c_double double precision, c_bool boolean,
          c_text text, c_varchar varchar(40), c_char char(5), c_name name, c_qchar "char", c_uuid uuid,
          c_json json, c_jsonb jsonb,
          c_date date, c_time time, c_timetz timetz, c_ts timestamp, c_tstz timestamptz(6), c_interval interval,
          c_int_arr int[], c_text_arr text[], c_jsonb_arr jsonb[], c_bool_arr boolean[], c_tstz_arr timestamptz[],
          c_num_arr numeric[], c_float_arr float8[], c_int_2d int[][], c_date_arr date[], c_uuid_arr uuid[],
          c_mood mood, c_mood_arr mood[], c_posint posint, c_pair pair, c_pair_arr pair[],
          c_inet inet, c_cidr cidr, c_macaddr macaddr, c_money money, c_point point, c_box_arr box[], c_range int4range, c_tstzrange tstzrange,
          c_oid oid, c_bit bit(3), c_varbit varbit, c_xml xml, c_tsvector tsvector
        );
        """;

    // Typical values, a row of NULLs, and edge cases (exponents, NaN, infinities, quoting, odd bounds).
    private const string TypesRows = """
        insert into types values (1,
          -32768, 2147483647, 9007199254740993, 123.4500, 3.14159,
          1.5, 2.718281828459045, true,
          'hello', 'var', 'ab', 'nm', 'x', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
          '{ "b" : [1, 2.50, "x"],  "a": null }', '{"k": {"n": 1.0}, "s": "v"}',
          '2025-05-01', '12:34:56.789', '12:34:56+02', '2025-05-01 11:59:00.5', '2025-05-01 11:59:00.123456+00', '1 year 2 mons 3 days 04:05:06.7',
          '{1,2,3}', '{a,"b c",NULL,"NULL","",  "q\"uote", "back\\slash", "com,ma"}', array['{"a":1}'::jsonb, '[1,2]', 'null', '"s"'], '{t,f,NULL}',
          '{"2025-05-01 11:59:00+00","2025-01-01 00:00:00.25+00"}',
          '{1.50,-2,NaN}', '{1e20,1.5e-7,NaN,Infinity,-0}', '{{1,2},{3,NULL}}', '{2025-05-01,infinity}', '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}',
          'happy', '{sad,"so \"so\""}', 7, row(1, 'x y', '2025-05-01 00:00:00+00', '{1,2}', '{"z":[true]}'),
          array[row(2, 'a,b', null, null, null)::pair, row(null, '', '2025-01-01 10:00:00+00', '{}', 'null')::pair],
          '192.168.0.1/24', '10.0.0.0/8', '08:00:2b:01:02:03', 12.5, '(1.5,2)', array['(1,1),(0,0)'::box, '(3,3),(2,2)'], '[1,5)', '[2025-01-01 00:00+00,2025-02-01 00:00+00)',
          4294967295, '101', '1101', '<a>x</a>', 'fat cats ate'
        );
        insert into types (id) values (2);
        insert into types (id, c_numeric, c_real, c_double, c_text, c_json, c_jsonb, c_date, c_ts, c_tstz, c_int_arr, c_text_arr, c_int_2d, c_numeric_scaled, c_char)
        values (3, 'NaN', 'Infinity', 1e20, E'line\nbreak\ttab "quotes" ünïcødé 😀 \\ back', '[]', '"123"', 'infinity', '-infinity', '2025-05-01 12:00:00+05:30',
                '[0:2]={7,8,9}', '{}', '{{{1}},{{2}}}', -0.5, '');
        insert into types (id, c_double, c_real, c_numeric, c_date, c_ts, c_tstz) values
          (4, 1.5e-7, -0.0, 0.000001, '0044-03-15 BC', '0044-03-15 12:00:00 BC', '2025-12-31 23:59:59.999999+00'),
          (5, -1.2345678901234567e+300, 3.4e38, 1e-30, '9999-12-31', '2000-02-29 00:00:00', 'infinity'),
          (6, 'NaN', '-Infinity', -123456789012345678901234567890.123456789, '2000-01-01', '1999-12-31 23:59:59.5', '1970-01-01 00:00:00+00');
        """;

    [Fact]
    public async Task Inserted_values_of_every_common_type_match_to_jsonb()
    {
        await using var scope = await ReplicationScope.CreateAsync(postgres);
        await scope.ExecuteAsync(TypesSchema);
        var consumer = new RecordingConsumer();
        await scope.StartWorkerAsync(consumer);
        await scope.ExecuteAsync(TypesRows);

        var events = await consumer.WaitForEventsAsync(6);
        Assert.All(events, e => Assert.Equal(ChangeKind.Insert, e.Kind));
        foreach (var change in events)
        {
            var id = int.Parse(change.Record!["id"].Text!);
            var expected = await scope.ScalarAsync<string>("select (to_jsonb(t) - 'c_bytea')::text from types t where id = $1", id);
            var record = Data(change).GetProperty("record").GetRawText();
            using var e = JsonDocument.Parse(expected!);
            using var a = JsonDocument.Parse(record);
            Assert.True(JsonAssert.Difference(e.RootElement, a.RootElement) is null, $"row {id}: {JsonAssert.Difference(e.RootElement, a.RootElement)}");
        }

        // The columns list names every column with its typname, arrays with a leading underscore.
        var columns = Data(events[0]).GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("type").GetString());
        Assert.Equal("int4", columns["id"]);
        Assert.Equal("int8", columns["c_int8"]);
        Assert.Equal("timestamptz", columns["c_tstz"]);
        Assert.Equal("_text", columns["c_text_arr"]);
        Assert.Equal("jsonb", columns["c_jsonb"]);
        Assert.Equal("mood", columns["c_mood"]);
        Assert.Equal("_mood", columns["c_mood_arr"]);
        Assert.Equal("posint", columns["c_posint"]);
        Assert.Equal("pair", columns["c_pair"]);
        Assert.Equal("bpchar", columns["c_char"]);
    }

    [Fact]
    public async Task Bytea_is_its_hex_digits_without_the_prefix_as_the_protocol_specifies()
    {
        await using var scope = await ReplicationScope.CreateAsync(postgres);
        await scope.ExecuteAsync("create table blobs (id int primary key, b bytea, bs bytea[])");
        var consumer = new RecordingConsumer();
        await scope.StartWorkerAsync(consumer);
        await scope.ExecuteAsync(@"insert into blobs values (1, '\x00ff10', array['\x0102'::bytea, null]), (2, '', null)");

        var events = await consumer.WaitForEventsAsync(2);
        // to_jsonb would give "\\x00ff10"; docs/realtime-protocol.md §6.2 specifies the bare hex text.
        JsonAssert.Equal("""{"id":1,"b":"00ff10","bs":["0102",null]}""", Data(events[0]).GetProperty("record").GetRawText());
        JsonAssert.Equal("""{"id":2,"b":"","bs":null}""", Data(events[1]).GetProperty("record").GetRawText());
    }

    [Fact]
    public async Task Update_and_delete_carry_the_key_by_default_and_every_column_with_replica_identity_full()
    {
        await using var scope = await ReplicationScope.CreateAsync(postgres);
        await scope.ExecuteAsync("""
            create table def (id int primary key, room int, body text);
            create table full_id (id int primary key, room int, body text);
            alter table full_id replica identity full;
            create table index_id (id int primary key, code text not null, body text);
            create unique index index_id_code on index_id (code);
            alter table index_id replica identity using index index_id_code;
            insert into def values (1, 42, 'hi');
            insert into full_id values (1, 42, 'hi');
            insert into index_id values (1, 'c1', 'hi');
            """);
        var consumer = new RecordingConsumer();
        await scope.StartWorkerAsync(consumer);
        await scope.ExecuteAsync("""
            update def set body = 'edited' where id = 1;
            update def set id = 2 where id = 1;
            delete from def where id = 2;
            update full_id set body = 'edited' where id = 1;
            delete from full_id where id = 1;
            update index_id set body = 'edited', code = 'c2' where id = 1;
            """);

        var events = await consumer.WaitForEventsAsync(6);
        string Old(int i) => Data(events[i]).GetProperty("old_record").GetRawText();
        string New(int i) => Data(events[i]).GetProperty("record").GetRawText();

        Assert.Equal([ChangeKind.Update, ChangeKind.Update, ChangeKind.Delete, ChangeKind.Update, ChangeKind.Delete, ChangeKind.Update], events.Select(e => e.Kind));
        // Default identity, key unchanged: pgoutput sends no old tuple; the old record is the (same) key.
        JsonAssert.Equal("""{"id":1,"room":42,"body":"edited"}""", New(0));
        JsonAssert.Equal("""{"id":1}""", Old(0));
        // Key changed: the old key.
        JsonAssert.Equal("""{"id":2,"room":42,"body":"edited"}""", New(1));
        JsonAssert.Equal("""{"id":1}""", Old(1));
        JsonAssert.Equal("""{"id":2}""", Old(2));
        Assert.False(Data(events[2]).TryGetProperty("record", out _));
        // FULL: the whole old row.
        JsonAssert.Equal("""{"id":1,"room":42,"body":"hi"}""", Old(3));
        JsonAssert.Equal("""{"id":1,"room":42,"body":"edited"}""", Old(4));
        Assert.Equal(ReplicaIdentity.Full, events[3].Relation.ReplicaIdentity);
        // USING INDEX: the index columns (here changed, so pgoutput sends the old key).
        JsonAssert.Equal("""{"code":"c1"}""", Old(5));
        Assert.Equal(ReplicaIdentity.Index, events[5].Relation.ReplicaIdentity);
        Assert.All(events, e => Assert.Equal(events[0].CommitTimestamp, e.CommitTimestamp));
        Assert.False(Data(events[0]).TryGetProperty("errors", out var errors) && errors.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task Unchanged_toast_values_are_absent_by_default_and_filled_from_the_old_row_with_replica_identity_full()
    {
        await using var scope = await ReplicationScope.CreateAsync(postgres);
        // EXTERNAL storage: out of line and uncompressed, so an unchanged value really is an unchanged TOAST pointer.
        await scope.ExecuteAsync("""
            create table docs (id int primary key, title text, big text);
            alter table docs alter column big set storage external;
            create table docs_full (id int primary key, title text, big text);
            alter table docs_full alter column big set storage external;
            alter table docs_full replica identity full;
            insert into docs values (1, 'a', repeat('x', 100000));
            insert into docs_full values (1, 'a', repeat('y', 100000));
            """);
        var consumer = new RecordingConsumer();
        await scope.StartWorkerAsync(consumer);
        await scope.ExecuteAsync("update docs set title = 'b' where id = 1; update docs_full set title = 'b' where id = 1; update docs set big = 'small' where id = 1;");

        var events = await consumer.WaitForEventsAsync(3);
        Assert.Equal(ChangeValueState.Absent, events[0].Record!["big"].State);
        JsonAssert.Equal("""{"id":1,"title":"b"}""", Data(events[0]).GetProperty("record").GetRawText());
        Assert.Equal(new string('y', 100000), events[1].Record!["big"].Text);
        Assert.Equal("small", events[2].Record!["big"].Text);
        // The column list stays complete even when a value is absent.
        Assert.Equal(3, Data(events[0]).GetProperty("columns").GetArrayLength());
    }

    [Fact]
    public async Task A_record_over_one_mebibyte_keeps_only_small_values_and_says_payload_too_large()
    {
        await using var scope = await ReplicationScope.CreateAsync(postgres);
        await scope.ExecuteAsync("create table huge (id int primary key, label text, mid text, body text)");
        var consumer = new RecordingConsumer();
        await scope.StartWorkerAsync(consumer);
        await scope.ExecuteAsync("insert into huge values (1, 'small', repeat('m', 70), repeat('z', 1100000)); insert into huge values (2, 'small', 'm', repeat('z', 1000))");

        var events = await consumer.WaitForEventsAsync(2);
        Assert.True(events[0].IsOversized);
        Assert.False(events[1].IsOversized);
        var data = Data(events[0]);
        // 'mid' is 72 bytes of JSON with its quotes: over the 64-byte limit.
        JsonAssert.Equal("""{"id":1,"label":"small"}""", data.GetProperty("record").GetRawText());
        Assert.Equal(["Error 413: Payload Too Large"], data.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, Data(events[1]).GetProperty("errors").ValueKind);
    }

    [Fact]
    public async Task Transactions_arrive_in_commit_order_with_their_commit_timestamp()
    {
        await using var scope = await ReplicationScope.CreateAsync(postgres);
        await scope.ExecuteAsync("create table log (id int primary key, what text)");
        var consumer = new RecordingConsumer();
        await scope.StartWorkerAsync(consumer);

        // A begins first but commits last: its rows must come after B's.
        await using var a = new Npgsql.NpgsqlConnection(scope.Endpoint.ConnectionString());
        await using var b = new Npgsql.NpgsqlConnection(scope.Endpoint.ConnectionString());
        await a.OpenAsync();
        await b.OpenAsync();
        await using var ta = await a.BeginTransactionAsync();
        await using var tb = await b.BeginTransactionAsync();
        await Exec(a, "insert into log values (1, 'a1')");
        await Exec(b, "insert into log values (2, 'b1')");
        await Exec(a, "insert into log values (3, 'a2')");
        await Exec(b, "insert into log values (4, 'b2')");
        await tb.CommitAsync();
        await ta.CommitAsync();
        await scope.ExecuteAsync("insert into log values (5, 'c1')");

        var events = await consumer.WaitForEventsAsync(5);
        Assert.Equal(["b1", "b2", "a1", "a2", "c1"], events.Select(e => e.Record!["what"].Text));
        Assert.Equal(events[0].CommitLsn, events[1].CommitLsn);
        Assert.True(events[1].CommitLsn < events[2].CommitLsn);
        Assert.True(events[3].CommitLsn < events[4].CommitLsn);
        Assert.Equal(events[2].TransactionId, events[3].TransactionId);
        Assert.NotEqual(events[0].TransactionId, events[2].TransactionId);

        var commits = await scope.ScalarAsync<string>("select 'ok'");
        Assert.Equal("ok", commits);
        Assert.True(events[0].CommitTimestamp <= events[2].CommitTimestamp && events[2].CommitTimestamp <= events[4].CommitTimestamp);
        Assert.True((DateTimeOffset.UtcNow - events[4].CommitTimestamp).Duration() < TimeSpan.FromMinutes(1));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", Data(events[0]).GetProperty("commit_timestamp").GetString());
    }

    [Fact]
    public async Task A_large_transaction_is_sliced_and_small_ones_are_merged_without_breaking_order()
    {
        await using var scope = await ReplicationScope.CreateAsync(postgres);
        await scope.ExecuteAsync("create table n (id int primary key)");
        var consumer = new RecordingConsumer();
        await scope.StartWorkerAsync(consumer, scope.Options(o => o.MaxBatchSize = 100));
        await scope.ExecuteAsync("insert into n select generate_series(1, 250)");
        var events = await consumer.WaitForEventsAsync(250);
        Assert.Equal(Enumerable.Range(1, 250).Select(i => i.ToString()), events.Select(e => e.Record!["id"].Text));
        Assert.All(consumer.Batches, b => Assert.InRange(b.Count, 1, 100));
        Assert.True(consumer.Batches.Count >= 3);
    }

    [Fact]
    public async Task Schema_changes_mid_stream_give_events_the_new_shape()
    {
        await using var scope = await ReplicationScope.CreateAsync(postgres);
        await scope.ExecuteAsync("create table evolving (id int primary key, a text)");
        var consumer = new RecordingConsumer();
        await scope.StartWorkerAsync(consumer);
        await scope.ExecuteAsync("insert into evolving values (1, 'x'); alter table evolving add column b jsonb; insert into evolving values (2, 'y', '{\"k\":1}'); alter table evolving drop column a; insert into evolving values (3, '[1]');");
        var events = await consumer.WaitForEventsAsync(3);
        JsonAssert.Equal("""{"id":1,"a":"x"}""", Data(events[0]).GetProperty("record").GetRawText());
        JsonAssert.Equal("""{"id":2,"a":"y","b":{"k":1}}""", Data(events[1]).GetProperty("record").GetRawText());
        JsonAssert.Equal("""{"id":3,"b":[1]}""", Data(events[2]).GetProperty("record").GetRawText());
        Assert.NotSame(events[0].Relation, events[1].Relation);
    }

    [Fact]
    public async Task Truncate_and_tables_outside_the_publication_produce_nothing()
    {
        await using var scope = await ReplicationScope.CreateAsync(postgres);
        await scope.ExecuteAsync($"create table inside (id int primary key); create table outside (id int primary key); drop publication {scope.PublicationName}; create publication {scope.PublicationName} for table inside;");
        var consumer = new RecordingConsumer();
        await scope.StartWorkerAsync(consumer);
        await scope.ExecuteAsync("insert into outside values (1); insert into inside values (1); truncate inside; insert into outside values (2); insert into inside values (2);");
        var events = await consumer.WaitForEventsAsync(2);
        await Task.Delay(500);
        Assert.Equal(["1", "2"], consumer.Events.Select(e => e.Record!["id"].Text));
        Assert.All(consumer.Events, e => Assert.Equal("inside", e.Table));
    }

    internal static JsonElement Data(ChangeEvent change) => JsonDocument.Parse(ChangePayloadWriter.ToArray(change, ChangeAccess.Full)).RootElement;

    private static async Task Exec(Npgsql.NpgsqlConnection connection, string sql)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
