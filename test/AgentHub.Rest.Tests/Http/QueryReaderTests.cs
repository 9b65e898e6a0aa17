using AgentHub.Rest.Http;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Rest.Tests.Http;

/// <summary>How the raw query string becomes the parser's ordered key/value pairs.</summary>
public sealed class QueryReaderTests
{
    [Theory]
    [InlineData("?select=*&id=eq.5", "select=* | id=eq.5")]
    [InlineData("?order=id.desc&select=id&order=name", "order=id.desc | select=id | order=name")]
    [InlineData("?name=eq.a+b&title=eq.x%2By%26z", "name=eq.a b | title=eq.x+y&z")]
    [InlineData("?&&id=eq.1&", "id=eq.1")]
    [InlineData("?flag&empty=", "flag= | empty=")]
    [InlineData("?a=1&?b=2", "a=1 | ?b=2")]
    [InlineData("?or=(a.eq.1,b.eq.%E2%9C%93)", "or=(a.eq.1,b.eq.✓)")]
    public void Pairs_keep_URL_order_and_are_decoded(string raw, string expected)
    {
        var http = new DefaultHttpContext();
        http.Request.QueryString = new QueryString(raw);
        var pairs = HttpRequestReader.Query(http.Request);
        Assert.Equal(expected, string.Join(" | ", pairs.Select(p => p.Key + "=" + p.Value)));
    }

    [Fact]
    public void No_query_string_is_no_pairs()
    {
        Assert.Empty(HttpRequestReader.Query(new DefaultHttpContext().Request));
    }
}
