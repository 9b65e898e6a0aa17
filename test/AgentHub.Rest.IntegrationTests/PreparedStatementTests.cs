namespace AgentHub.Rest.IntegrationTests;

/// <summary>The hot path reuses server-side prepared statements: statement text is stable per plan shape.</summary>
public sealed class PreparedStatementTests(LibraryFixture fixture) : IClassFixture<LibraryFixture>
{
    [Fact]
    public async Task Repeated_requests_of_one_shape_run_as_prepared_statements()
    {
        // The pool is multiplexed: sequential requests go to whichever connection is free, and
        // pg_prepared_statements shows only the session it runs on. After enough repetitions every
        // connection in use has prepared the shape (after its second use there), so the count,
        // asked a few times, is at least one on some connection.
        for (var i = 0; i < 30; i++)
        {
            var response = await fixture.Hub.SendAsync("GET", $"authors?select=id,name&id=eq.{i % 3 + 1}");
            Assert.Equal(200, response.Status);
        }

        var counts = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var count = await fixture.Hub.SendAsync("POST", "rpc/prepared_count", "{}");
            Assert.Equal(200, count.Status);
            counts.Add(long.Parse(count.Body, System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.True(counts.Max() >= 1, string.Join(",", counts));
    }
}
