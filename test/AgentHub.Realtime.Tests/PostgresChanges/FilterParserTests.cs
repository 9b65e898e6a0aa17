using AgentHub.Core.PostgresChanges;

namespace AgentHub.Realtime.Tests.PostgresChanges;

/// <summary>The filter grammar of docs/realtime-protocol.md 6.4, syntax only.</summary>
public sealed class FilterParserTests
{
    [Theory]
    [InlineData("id=eq.1", "id", PostgresChangesFilterOperator.Eq, false, "1")]
    [InlineData("room_id=neq.42", "room_id", PostgresChangesFilterOperator.Neq, false, "42")]
    [InlineData("n=lt.5", "n", PostgresChangesFilterOperator.Lt, false, "5")]
    [InlineData("n=lte.5", "n", PostgresChangesFilterOperator.Lte, false, "5")]
    [InlineData("n=gt.5", "n", PostgresChangesFilterOperator.Gt, false, "5")]
    [InlineData("n=gte.-5.5", "n", PostgresChangesFilterOperator.Gte, false, "-5.5")]
    [InlineData("name=like.Ann%", "name", PostgresChangesFilterOperator.Like, false, "Ann%")]
    [InlineData("name=ilike.*ann*", "name", PostgresChangesFilterOperator.Ilike, false, "*ann*")]
    [InlineData("name=match.^A.+$", "name", PostgresChangesFilterOperator.Match, false, "^A.+$")]
    [InlineData("name=imatch.^a", "name", PostgresChangesFilterOperator.Imatch, false, "^a")]
    [InlineData("done=is.NULL", "done", PostgresChangesFilterOperator.Is, false, "null")]
    [InlineData("done=not.is.true", "done", PostgresChangesFilterOperator.Is, true, "true")]
    [InlineData("a=isdistinct.b", "a", PostgresChangesFilterOperator.IsDistinct, false, "b")]
    [InlineData("id=not.eq.1", "id", PostgresChangesFilterOperator.Eq, true, "1")]
    [InlineData("name=eq.\"Doe, Jane\"", "name", PostgresChangesFilterOperator.Eq, false, "Doe, Jane")]
    [InlineData("name=eq.\"say \\\"hi\\\" \\\\o/\"", "name", PostgresChangesFilterOperator.Eq, false, "say \"hi\" \\o/")]
    [InlineData("url=eq.http://x.y/a=b", "url", PostgresChangesFilterOperator.Eq, false, "http://x.y/a=b")]
    [InlineData("empty=eq.", "empty", PostgresChangesFilterOperator.Eq, false, "")]
    public void Single_conditions_parse(string text, string column, PostgresChangesFilterOperator op, bool negated, string value)
    {
        Assert.True(PostgresChangesFilter.TryParse(text, out var filter, out var error), error);
        var condition = Assert.Single(filter!.Conditions);
        Assert.Equal((column, op, negated, value), (condition.Column, condition.Operator, condition.Negated, condition.Value));
        Assert.Equal(text, filter.Text);
    }

    [Fact]
    public void Commas_split_conditions_except_inside_parentheses_and_quotes()
    {
        Assert.True(PostgresChangesFilter.TryParse("room_id=eq.42,status=in.(open,\"on, hold\",closed),name=eq.\"a,b\"", out var filter, out var error), error);
        Assert.Equal(3, filter!.Conditions.Count);
        Assert.Equal(["open", "on, hold", "closed"], filter.Conditions[1].Values!);
        Assert.Null(filter.Conditions[1].Value);
        Assert.Equal("a,b", filter.Conditions[2].Value);
    }

    [Fact]
    public void Conditions_keep_what_was_written_for_change_capture()
    {
        Assert.True(PostgresChangesFilter.TryParse(" room_id =eq.42,status=not.in.( open ,\"on hold\")", out var filter, out var error), error);
        var (id, status) = (filter!.Conditions[0], filter.Conditions[1]);
        Assert.Equal((" room_id ", " room_id =eq.42", "42", "42"), (id.Column, id.Text, id.RawValue, id.Value));
        Assert.Equal(("status=not.in.( open ,\"on hold\")", "( open ,\"on hold\")"), (status.Text, status.RawValue));
        Assert.Equal(["open", "on hold"], status.Values!);
    }

    [Fact]
    public void In_accepts_up_to_100_values()
    {
        var hundred = "id=in.(" + string.Join(",", Enumerable.Range(1, 100)) + ")";
        Assert.True(PostgresChangesFilter.TryParse(hundred, out var filter, out _));
        Assert.Equal(100, filter!.Conditions[0].Values!.Count);
        Assert.False(PostgresChangesFilter.TryParse("id=in.(" + string.Join(",", Enumerable.Range(1, 101)) + ")", out _, out var error));
        Assert.Contains("at most 100", error);
    }

    [Theory]
    [InlineData("", "empty condition")]
    [InlineData("a=eq.1,,b=eq.2", "empty condition")]
    [InlineData("a=eq.1,", "empty condition")]
    [InlineData("noequals", "expected `column=operator.value`")]
    [InlineData("=eq.1", "expected `column=operator.value`")]
    [InlineData("a=eq", "expected `operator.value`")]
    [InlineData("a=between.1", "unknown operator `between`")]
    [InlineData("a=EQ.1", "unknown operator `EQ`")]
    [InlineData(" a =between.1", "unknown operator `between` for column `a`")]
    [InlineData("a=in.1,2", "parenthesized list")]
    [InlineData("a=in.()", "empty condition")]
    [InlineData("a=in.(1,2", "unbalanced parentheses")]
    [InlineData("a=is.maybe", "`is` takes null, true, false or unknown")]
    [InlineData("a=eq.\"open", "unterminated quoted value")]
    [InlineData("a=eq.\"x\"y", "after the closing quote")]
    public void Syntax_errors_are_reported(string text, string expected)
    {
        Assert.False(PostgresChangesFilter.TryParse(text, out var filter, out var error));
        Assert.Null(filter);
        Assert.Contains(expected, error);
    }
}
