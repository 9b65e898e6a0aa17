using AgentHub.Rest.Errors;
using AgentHub.Rest.Parsing;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Tests.Parsing;

public sealed class RangeTests
{
    [Theory]
    [InlineData("/t?limit=10", "*; limit 10")]
    [InlineData("/t?offset=5", "*; offset 5")]
    [InlineData("/t?offset=0&limit=10", "*; limit 10")]
    [InlineData("/t?offset=5&limit=10", "*; offset 5 limit 10")]
    [InlineData("/t?limit=10&offset=5", "*; offset 5 limit 10")]
    [InlineData("/t?limit=0", "*; limit 0")]
    [InlineData("/t?limit=1&limit=2", "*; limit 2")]
    [InlineData("/t?limit=", "*")]
    [InlineData("/t?limit=%2010%20", "*; limit 10")]
    public void Limit_and_offset_set_the_root_range(string url, string expected)
    {
        Assert.Equal(expected, TestRequests.Query(url));
    }

    /// <summary>§8: Range header, alone and intersected with limit/offset.</summary>
    [Theory]
    [InlineData("/t", "0-24", null, "*; limit 25")]
    [InlineData("/t", "10-", null, "*; offset 10")]
    [InlineData("/t", "10-19", "items", "*; offset 10 limit 10")]
    [InlineData("/t", "items=0-9", null, "*; limit 10")]
    [InlineData("/t", "0-0", null, "*; limit 1")]
    [InlineData("/t", "0-24", "bytes", "*")]
    [InlineData("/t", "abc", null, "*")]
    [InlineData("/t", "-5", null, "*")]
    [InlineData("/t", "1-2-3", null, "*")]
    [InlineData("/t?limit=10", "0-24", null, "*; limit 10")]
    [InlineData("/t?offset=15", "10-19", null, "*; offset 15 limit 5")]
    [InlineData("/t?offset=30", "10-19", null, "*; offset 30 limit 0")]
    [InlineData("/t?limit=100", "5-", null, "*; offset 5 limit 95")]
    public void Range_header_applies_to_reads(string url, string range, string? unit, string expected)
    {
        Assert.Equal(expected, TestRequests.Query(url, new RestRequestHeaders(Range: range, RangeUnit: unit)));
    }

    [Fact]
    public void Range_header_is_ignored_on_writes()
    {
        var plan = (MutatePlan)TestRequests.Plan("PATCH", "/t?id=eq.1", new RestRequestHeaders(Range: "0-9"));
        Assert.True(plan.Query.Range.IsAll);
    }

    [Fact]
    public void Range_lower_above_upper_is_416()
    {
        var error = TestRequests.Fail("GET", "/t", new RestRequestHeaders(Range: "5-2"));
        Assert.Equal((RestErrorCodes.InvalidRange, 416, "Requested range not satisfiable"), (error.Code, error.Status, error.Message));
        Assert.Equal("The lower boundary must be lower than or equal to the upper boundary in the Range header.", error.Details);
    }

    [Fact]
    public void Negative_limit_is_416()
    {
        var error = TestRequests.Fail("GET", "/t?limit=-1");
        Assert.Equal((RestErrorCodes.InvalidRange, 416), (error.Code, error.Status));
        Assert.Equal("Limit should be greater than or equal to zero.", error.Details);
    }

    [Fact]
    public void Negative_offset_is_416()
    {
        var error = TestRequests.Fail("GET", "/t?offset=-1");
        Assert.Equal((RestErrorCodes.InvalidRange, 416), (error.Code, error.Status));
    }

    [Theory]
    [InlineData("abc", "limit", 1, "unexpected \"a\" expecting digit")]
    [InlineData("1.5", "limit", 2, "unexpected \".\" expecting digit or end of input")]
    [InlineData("99999999999999999999", "limit", 1, "integer out of range")]
    [InlineData("-", "offset", 2, "unexpected end of input expecting digit")]
    public void Non_integer_is_PGRST100(string value, string parameter, int column, string detail)
    {
        var error = TestRequests.ParseError(() =>
        {
            if (parameter == "limit")
            {
                RangeParser.ParseLimit(value);
            }
            else
            {
                RangeParser.ParseOffset(value);
            }
        });
        Assert.Equal(RestErrorCodes.QueryParse, error.Code);
        Assert.Equal($"\"failed to parse {parameter} parameter ({value})\" (line 1, column {column})", error.Message);
        Assert.Equal(detail, error.Details);
    }

    [Fact]
    public void Put_rejects_limit_and_offset()
    {
        var error = TestRequests.Fail("PUT", "/t?id=eq.1&limit=1");
        Assert.Equal((RestErrorCodes.PutLimitNotAllowed, 400, "limit/offset querystring parameters are not allowed for PUT"), (error.Code, error.Status, error.Message));
    }

    [Fact]
    public void Page_ranges_intersect()
    {
        Assert.Equal(new PageRange(10, 5), new PageRange(0, 15).Intersect(new PageRange(10, null)));
        Assert.Equal(new PageRange(10, null), PageRange.All.Intersect(new PageRange(10, null)));
        // Bounds past long.MaxValue saturate to "unbounded" rather than overflow.
        Assert.Equal(new PageRange(long.MaxValue - 1, null), new PageRange(long.MaxValue - 1, long.MaxValue).Intersect(PageRange.All));
    }
}
