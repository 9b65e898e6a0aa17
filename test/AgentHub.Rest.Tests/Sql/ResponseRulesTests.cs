using AgentHub.Rest.Execution;

namespace AgentHub.Rest.Tests.Sql;

/// <summary>The status and Content-Range rules of data-api.md §8.1 and §15.2, without a database.</summary>
public sealed class ResponseRulesTests
{
    [Theory]
    [InlineData(0, 14, null, "0-14/*")]
    [InlineData(0, 9, 57L, "0-9/57")]
    [InlineData(0, -1, null, "*/*")]
    [InlineData(0, -1, 0L, "*/0")]
    [InlineData(100, 99, 57L, "*/57")]
    [InlineData(1, 0, 3L, "*/3")]
    public void Content_range(long lower, long upper, long? total, string expected) =>
        Assert.Equal(expected, ResponseShaper.ContentRange(lower, upper, total));

    [Theory]
    [InlineData("08006", false, 503)]
    [InlineData("09000", false, 500)]
    [InlineData("0L000", false, 403)]
    [InlineData("28P01", false, 403)]
    [InlineData("23503", false, 409)]
    [InlineData("23505", false, 409)]
    [InlineData("25006", false, 405)]
    [InlineData("25P02", false, 500)]
    [InlineData("40001", false, 500)]
    [InlineData("42501", true, 401)]
    [InlineData("42501", false, 403)]
    [InlineData("42883", false, 404)]
    [InlineData("42P01", false, 404)]
    [InlineData("42P17", false, 500)]
    [InlineData("53400", false, 500)]
    [InlineData("53300", false, 503)]
    [InlineData("57014", false, 500)]
    [InlineData("57P01", false, 503)]
    [InlineData("XX000", false, 500)]
    [InlineData("P0001", false, 400)]
    [InlineData("P0002", false, 500)]
    [InlineData("PT402", false, 402)]
    [InlineData("22P02", false, 400)]
    [InlineData("23502", false, 400)]
    [InlineData("42703", false, 400)]
    public void Sqlstate_to_status(string sqlState, bool anonymous, int status) =>
        Assert.Equal(status, PostgresErrorMapper.Status(sqlState, "message", anonymous));

    [Fact]
    public void Special_messages()
    {
        Assert.Equal(401, PostgresErrorMapper.Status("22023", "role \"ghost\" does not exist", false));
        Assert.Equal(400, PostgresErrorMapper.Status("22023", "invalid value for parameter \"TimeZone\"", false));
        Assert.Equal(400, PostgresErrorMapper.Status("21000", "DELETE requires a WHERE clause", false));
        Assert.Equal(500, PostgresErrorMapper.Status("21000", "more than one row returned by a subquery", false));
    }
}
