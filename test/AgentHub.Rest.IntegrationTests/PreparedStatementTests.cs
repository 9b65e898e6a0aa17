namespace AgentHub.Rest.IntegrationTests;

/// <summary>The hot path reuses server-side prepared statements: statement text is stable per plan shape.</summary>
public sealed class PreparedStatementTests(LibraryFixture fixture) : IClassFixture<LibraryFixture>
{
    [Fact]
    public async Task Repeated_requests_of_one_shape_run_as_prepared_statements()
    {
        // Sequential requests reuse the idle pooled connection, whose prepared statements are visible to SQL.
        for (var i = 0; i < 5; i++)
        {
            var response = await fixture.Hub.SendAsync("GET", $"authors?select=id,name&id=eq.{i % 3 + 1}");
            Assert.Equal(200, response.Status);
        }

        var count = await fixture.Hub.SendAsync("POST", "rpc/prepared_count", "{}");
        Assert.Equal(200, count.Status);
        Assert.True(long.Parse(count.Body, System.Globalization.CultureInfo.InvariantCulture) >= 1, count.Body);
    }
}
