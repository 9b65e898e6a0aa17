using AgentHub.Core.PostgresChanges;
using NpgsqlTypes;

namespace AgentHub.Cdc.Tests;

/// <summary>Filter parsing and in-memory evaluation (docs/realtime-protocol.md §6.4), no database.</summary>
public sealed class FilterEvaluatorTests
{
    internal static readonly ChangeRelation Messages = new(16400, "public", "messages",
    [
        new ChangeColumn("id", PgType.Builtin("int8"), IsPrimaryKey: true, IsReplicaIdentity: true),
        new ChangeColumn("small", PgType.Builtin("int2"), false, false),
        new ChangeColumn("room_id", PgType.Builtin("int4"), false, false),
        new ChangeColumn("price", PgType.Builtin("numeric"), false, false),
        new ChangeColumn("score", PgType.Builtin("float8"), false, false),
        new ChangeColumn("done", PgType.Builtin("bool"), false, false),
        new ChangeColumn("body", PgType.Builtin("text"), false, false),
        new ChangeColumn("code", PgType.Builtin("bpchar"), false, false),
        new ChangeColumn("owner", PgType.Builtin("uuid"), false, false),
        new ChangeColumn("day", PgType.Builtin("date"), false, false),
        new ChangeColumn("at", PgType.Builtin("timestamp"), false, false),
        new ChangeColumn("created_at", PgType.Builtin("timestamptz"), false, false),
        new ChangeColumn("meta", PgType.Builtin("jsonb"), false, false),
        new ChangeColumn("tags", PgType.Builtin("_text"), false, false),
        new ChangeColumn("status", PgType.Builtin("varchar"), false, false),
        new ChangeColumn("ref", PgType.Builtin("oid"), false, false),
    ]);

    private static readonly (string, string?)[] Row =
    [
        ("id", "501"), ("small", "-3"), ("room_id", "42"), ("price", "19.90"), ("score", "2.5"), ("done", "t"),
        ("body", "Hello, World"), ("code", "ab   "), ("owner", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
        ("day", "2025-05-01"), ("at", "2025-05-01 12:00:00"), ("created_at", "2025-05-01 11:59:00.5+00"),
        ("meta", """{"k": 1, "list": [1, 2]}"""), ("tags", """{a,"b c"}"""), ("status", null), ("ref", "16384"),
    ];

    internal static ChangeEvent Insert(params (string, string?)[] values) =>
        new(Messages, ChangeKind.Insert, DateTimeOffset.UnixEpoch, new NpgsqlLogSequenceNumber(1), 1, ChangeRow.FromText(Messages, values.Length == 0 ? Row : values), null);

    private static bool Matches(string filter) => FilterEvaluator.Parse(filter).Matches(Insert());

    [Theory]
    // eq / neq across types
    [InlineData("id=eq.501", true)]
    [InlineData("id=eq.500", false)]
    [InlineData("id=neq.500", true)]
    [InlineData("small=eq.-3", true)]
    [InlineData("room_id=eq. 42 ", true)]
    [InlineData("price=eq.19.9", true)]
    [InlineData("price=eq.1.99e1", true)]
    [InlineData("price=gt.19.899999999999999999999999999999", true)]
    [InlineData("score=eq.2.50", true)]
    [InlineData("done=eq.true", true)]
    [InlineData("done=eq.yes", true)]
    [InlineData("done=eq.f", false)]
    [InlineData("body=eq.Hello", false)]
    [InlineData("body=eq.\"Hello, World\"", true)]
    [InlineData("code=eq.ab", true)]
    [InlineData("owner=eq.A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", true)]
    [InlineData("owner=eq.a0eebc999c0b4ef8bb6d6bb9bd380a11", true)]
    [InlineData("day=eq.2025-05-01", true)]
    [InlineData("at=eq.2025-05-01T12:00:00", true)]
    [InlineData("created_at=eq.2025-05-01T13:59:00.5+02:00", true)]
    [InlineData("created_at=eq.2025-05-01 11:59:00.5", true)]
    [InlineData("meta=eq.\"{\\\"list\\\":[1,2.0],\\\"k\\\":1}\"", true)]
    [InlineData("meta=eq.{\"k\":1}", false)]
    [InlineData("tags=eq.\"{a,b c}\"", true)]
    [InlineData("tags=eq.\"{\\\"a\\\",\\\"b c\\\"}\"", true)]
    [InlineData("tags=eq.\"{b c,a}\"", false)]
    [InlineData("tags=eq.{a}", false)]
    [InlineData("ref=eq.16384", true)]
    // ordering
    [InlineData("id=lt.502", true)]
    [InlineData("id=lte.501", true)]
    [InlineData("id=gt.501", false)]
    [InlineData("id=gte.501", true)]
    [InlineData("price=lt.100", true)]
    [InlineData("price=gt.-1e3", true)]
    [InlineData("score=lt.NaN", true)]
    [InlineData("body=gt.Hello", true)]
    [InlineData("body=lt.hello", true)]
    [InlineData("owner=gt.00000000-0000-0000-0000-000000000000", true)]
    [InlineData("day=lt.2025-05-02", true)]
    [InlineData("day=lt.infinity", true)]
    [InlineData("created_at=gt.2025-05-01T11:59:00Z", true)]
    [InlineData("created_at=lt.2025-05-01T11:59:00Z", false)]
    [InlineData("done=gt.false", true)]
    // in
    [InlineData("room_id=in.(1,42,7)", true)]
    [InlineData("room_id=in.(1, 2)", false)]
    [InlineData("room_id=in.(1,null)", false)]
    [InlineData("body=in.(\"Hello, World\",x)", true)]
    [InlineData("owner=in.(a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11)", true)]
    // like / ilike / match / imatch
    [InlineData("body=like.Hello%", true)]
    [InlineData("body=like.hello%", false)]
    [InlineData("body=ilike.hello%", true)]
    [InlineData("body=like.\"%o, W%\"", true)]
    [InlineData("body=like.H_llo%", true)]
    [InlineData("body=like.Hello", false)]
    [InlineData("body=like.100\\%", false)]
    [InlineData("body=match.^Hel+o", true)]
    [InlineData("body=match.world$", false)]
    [InlineData("body=imatch.world$", true)]
    [InlineData("body=match.(l)\\1", true)]
    // is / isdistinct
    [InlineData("status=is.null", true)]
    [InlineData("body=is.null", false)]
    [InlineData("done=is.true", true)]
    [InlineData("done=is.false", false)]
    [InlineData("done=is.unknown", false)]
    [InlineData("status=isdistinct.open", true)]
    [InlineData("room_id=isdistinct.42", false)]
    // not.
    [InlineData("id=not.eq.501", false)]
    [InlineData("id=not.in.(1,2)", true)]
    [InlineData("status=not.is.null", false)]
    [InlineData("body=not.is.null", true)]
    [InlineData("room_id=not.isdistinct.42", true)]
    [InlineData("status=not.isdistinct.open", false)]
    [InlineData("body=not.like.x%", true)]
    [InlineData("body=not.ilike.HELLO%", false)]
    // NULL fails every comparison, negated or not
    [InlineData("status=eq.open", false)]
    [InlineData("status=neq.open", false)]
    [InlineData("status=not.eq.open", false)]
    [InlineData("status=in.(open)", false)]
    [InlineData("status=not.in.(open)", false)]
    [InlineData("status=like.%", false)]
    // AND
    [InlineData("room_id=eq.42,done=is.true", true)]
    [InlineData("room_id=eq.42,done=is.false", false)]
    [InlineData("room_id=in.(41,42),body=eq.\"Hello, World\",id=gt.1", true)]
    [InlineData("", true)]
    [InlineData("   ", true)]
    public void Evaluates_every_operator_against_typed_values(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Fact]
    public void Numeric_comparison_is_exact_beyond_decimal_precision()
    {
        var change = Insert(("id", "1"), ("price", "123456789012345678901234567890.000000000000000000000000000001"));
        Assert.True(FilterEvaluator.Parse("price=gt.123456789012345678901234567890").Matches(change));
        Assert.False(FilterEvaluator.Parse("price=eq.123456789012345678901234567890").Matches(change));
        Assert.True(FilterEvaluator.Parse("price=lt.1.3e29").Matches(change));
        var nan = Insert(("id", "1"), ("price", "NaN"), ("score", "NaN"));
        Assert.True(FilterEvaluator.Parse("price=gt.1e100").Matches(nan));
        Assert.True(FilterEvaluator.Parse("price=eq.NaN").Matches(nan));
        Assert.True(FilterEvaluator.Parse("score=eq.NaN").Matches(nan));
        Assert.True(FilterEvaluator.Parse("score=gt.Infinity").Matches(nan));
    }

    [Fact]
    public void Delete_is_filtered_on_the_old_values_and_a_column_the_old_row_lacks_never_matches()
    {
        var old = new ChangeRow(Messages, Messages.Columns.Select((c, i) => c.IsPrimaryKey ? ChangeValue.Of("501") : ChangeValue.Absent).ToList());
        var delete = new ChangeEvent(Messages, ChangeKind.Delete, DateTimeOffset.UnixEpoch, new NpgsqlLogSequenceNumber(1), 1, null, old);
        Assert.True(FilterEvaluator.Parse("id=eq.501").Matches(delete));
        Assert.False(FilterEvaluator.Parse("id=eq.502").Matches(delete));
        Assert.False(FilterEvaluator.Parse("room_id=eq.42").Matches(delete));
        Assert.False(FilterEvaluator.Parse("room_id=not.eq.42").Matches(delete));
        Assert.False(FilterEvaluator.Parse("room_id=is.null").Matches(delete));
    }

    // The grammar is the join's (AgentHub.Core's PostgresChangesFilter): these are the exact messages a
    // client receives in the postgres_changes system error for each filter.
    [Theory]
    [InlineData("id=eq.1,,room_id=eq.2", "Error parsing `filter` params: empty condition in `id=eq.1,,room_id=eq.2`")]
    [InlineData("id=eq.1,", "Error parsing `filter` params: empty condition in `id=eq.1,`")]
    [InlineData("ideq1", "Error parsing `filter` params: expected `column=operator.value`, got `ideq1`")]
    [InlineData("body=eq.Hello, World", "Error parsing `filter` params: expected `column=operator.value`, got ` World`")]
    [InlineData("=eq.1", "Error parsing `filter` params: expected `column=operator.value`, got `=eq.1`")]
    [InlineData("id=eq", "Error parsing `filter` params: expected `operator.value` after `id=`, got `eq`")]
    [InlineData("id=foo.1", "Error parsing `filter` params: unknown operator `foo` for column `id`")]
    [InlineData("id=EQ.1", "Error parsing `filter` params: unknown operator `EQ` for column `id`")]
    [InlineData("id=not.not.eq.1", "Error parsing `filter` params: unknown operator `not` for column `id`")]
    [InlineData("id=in.1,2", "Error parsing `filter` params: `in` needs a parenthesized list such as `in.(1,2,3)`, got `1`")]
    [InlineData("room_id=in.()", "Error parsing `filter` params: empty condition in ``")]
    [InlineData("done=is.maybe", "Error parsing `filter` params: `is` takes null, true, false or unknown, got `maybe` for column `done`")]
    [InlineData("body=eq.\"open", "Error parsing `filter` params: unterminated quoted value in `body=eq.\"open`")]
    [InlineData("body=eq.\"a\"b", "Error parsing `filter` params: unexpected text after the closing quote in `\"a\"b`")]
    [InlineData("body=match.(unclosed", "Error parsing `filter` params: unbalanced parentheses in `body=match.(unclosed`")]
    public void Syntax_errors_are_reported_in_supabase_words(string filter, string message)
    {
        var error = Assert.Throws<ChangeFilterException>(() => FilterEvaluator.Parse(filter));
        Assert.Equal(message, error.Message);
        Assert.False(FilterEvaluator.TryParse(filter, out _, out var tried));
        Assert.Equal(message, tried);
        Assert.False(PostgresChangesFilter.TryParse(filter, out _, out var joinError));
        Assert.Equal(message, "Error parsing `filter` params: " + joinError);
    }

    [Fact]
    public void Bad_regular_expressions_and_long_in_lists_are_refused_at_parse_time()
    {
        Assert.StartsWith("Error parsing `filter` params: invalid regular expression in \"body=match.[\"", Assert.Throws<ChangeFilterException>(() => FilterEvaluator.Parse("body=match.[")).Message);
        var list = "id=in.(" + string.Join(",", Enumerable.Range(1, 101)) + ")";
        Assert.Equal("Error parsing `filter` params: `in` takes at most 100 values, got 101", Assert.Throws<ChangeFilterException>(() => FilterEvaluator.Parse(list)).Message);
        FilterEvaluator.Parse("id=in.(" + string.Join(",", Enumerable.Range(1, 100)) + ")").Validate(Messages);
        Assert.Contains("longer than", Assert.Throws<ChangeFilterException>(() => FilterEvaluator.Parse("body=eq." + new string('x', 5000))).Message);
    }

    [Fact]
    public void What_the_grammar_accepts_but_change_capture_cannot_read_is_refused_when_compiled()
    {
        // Each of these passed the join's check (a client sees them after the join reply).
        Assert.Equal("Error parsing `filter` params: malformed list ({1},2) in \"id=in.({1},2)\"", CompileError("id=in.({1},2)"));
        Assert.StartsWith("Error parsing `filter` params: invalid regular expression in \"body=match.[\"", CompileError("body=match.["));
        // 60 items for the grammar, 120 array elements: parentheses do not group in an array literal.
        Assert.Equal("too many values for `in` filter. Maximum 100", CompileError("id=in.(" + string.Join(",", Enumerable.Repeat("(1,2)", 60)) + ")"));
        Assert.Equal("Error parsing `filter` params: filter longer than 4096 characters", CompileError("body=eq." + new string('x', 5000)));
    }

    [Fact]
    public void The_parsed_filter_is_read_the_way_change_capture_always_read_it()
    {
        // The column is looked up as written, so surrounding blanks make it unknown.
        Assert.Equal("invalid column for filter  room_id", Assert.Throws<ChangeFilterException>(() => FilterEvaluator.Parse(" room_id=eq.42").Validate(Messages)).Message);
        // An in list is an array literal: unquoted NULL is SQL NULL (no integer to refuse), so NOT IN is unknown.
        FilterEvaluator.Parse("room_id=not.in.(1,NULL)").Validate(Messages);
        Assert.False(Matches("room_id=not.in.(1,NULL)"));
        Assert.True(Matches("room_id=in.(NULL,42)"));
        Assert.True(FilterEvaluator.TryCreate(Parsed("room_id=eq.42,body=like.Hello%"), out var created, out _));
        Assert.True(created!.Matches(Insert()));
        Assert.Equal("room_id=eq.42,body=like.Hello%", created.Text);
    }

    private static PostgresChangesFilter Parsed(string filter)
    {
        Assert.True(PostgresChangesFilter.TryParse(filter, out var parsed, out var error), error);
        return parsed!;
    }

    private static string? CompileError(string filter)
    {
        Assert.False(FilterEvaluator.TryCreate(Parsed(filter), out _, out var error));
        return error;
    }

    [Theory]
    [InlineData("nope=eq.1", "invalid column for filter nope")]
    [InlineData("id=eq.abc", "invalid input syntax for type bigint: \"abc\"")]
    [InlineData("id=eq.1.5", "invalid input syntax for type bigint: \"1.5\"")]
    [InlineData("small=eq.40000", "value \"40000\" is out of range for type smallint")]
    [InlineData("room_id=eq.3000000000", "value \"3000000000\" is out of range for type integer")]
    [InlineData("room_id=in.(1,x)", "invalid input syntax for type integer: \"x\"")]
    [InlineData("price=eq.12abc", "invalid input syntax for type numeric: \"12abc\"")]
    [InlineData("score=gt.high", "invalid input syntax for type double precision: \"high\"")]
    [InlineData("done=eq.maybe", "invalid input syntax for type boolean: \"maybe\"")]
    [InlineData("owner=eq.not-a-uuid", "invalid input syntax for type uuid: \"not-a-uuid\"")]
    [InlineData("created_at=gt.yesterday-ish", "invalid input syntax for type timestamp with time zone: \"yesterday-ish\"")]
    [InlineData("meta=eq.{bad json", "invalid input syntax for type jsonb: \"{bad json\"")]
    [InlineData("meta=lt.{}", "operator does not exist: jsonb < jsonb")]
    [InlineData("tags=gt.{a}", "operator does not exist: _text > _text")]
    [InlineData("tags=eq.a", "malformed array literal: \"a\"")]
    [InlineData("id=like.5%", "operator does not exist: bigint ~~ unknown")]
    [InlineData("done=imatch.t", "operator does not exist: boolean ~* unknown")]
    [InlineData("body=is.true", "argument of IS TRUE must be type boolean, not type text")]
    public void Column_and_value_errors_are_found_against_the_table(string filter, string message)
    {
        var evaluator = FilterEvaluator.Parse(filter);
        Assert.Equal(message, Assert.Throws<ChangeFilterException>(() => evaluator.Validate(Messages)).Message);
        Assert.False(evaluator.Matches(Insert()));
    }

    [Fact]
    public void A_runaway_pattern_times_out_as_no_match()
    {
        var change = Insert(("id", "1"), ("body", new string('a', 5000) + "!"));
        // A backreference forces the backtracking engine, where this pattern is exponential.
        var evaluator = FilterEvaluator.Parse("body=match.^(a|a)*\\1$");
        Assert.False(evaluator.Matches(change));
        Assert.True(FilterEvaluator.Parse("body=not.like.%b%").Matches(change));
    }

    [Fact]
    public void A_filter_reports_its_columns_and_rebinds_when_the_table_changes()
    {
        var evaluator = FilterEvaluator.Parse("room_id=eq.42,done=is.true,room_id=gt.1");
        Assert.Equal(["room_id", "done"], evaluator.Columns);
        Assert.True(evaluator.Matches(Insert()));
        var widened = new ChangeRelation(Messages.Oid, "public", "messages",
            [new ChangeColumn("id", PgType.Builtin("int8"), true, true), new ChangeColumn("done", PgType.Builtin("bool"), false, false), new ChangeColumn("room_id", PgType.Builtin("int8"), false, false)]);
        var change = new ChangeEvent(widened, ChangeKind.Insert, DateTimeOffset.UnixEpoch, default, 1, ChangeRow.FromText(widened, ("id", "1"), ("done", "true"), ("room_id", "42")), null);
        Assert.True(evaluator.Matches(change));
        Assert.False(evaluator.Matches(Insert(("id", "1"), ("room_id", "42"), ("done", "f"))));
    }
}
