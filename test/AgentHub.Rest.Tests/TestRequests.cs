using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Tests;

/// <summary>
/// Builds <see cref="RestRequest"/>s from URL-like strings the way the host does: split on
/// <c>&amp;</c> and the first <c>=</c>, <c>+</c> as space, then percent-decode (ASP.NET's rules).
/// Test strings may therefore be written either raw or as supabase-js encodes them.
/// </summary>
internal static class TestRequests
{
    public static RestRequest Request(string method, string url, RestRequestHeaders? headers = null)
    {
        var question = url.IndexOf('?');
        var path = question < 0 ? url : url[..question];
        var query = question < 0 ? "" : url[(question + 1)..];
        var target = RestRequestParser.ParseTarget(Uri.UnescapeDataString(path));
        Assert.True(target.IsSuccess, target.ToString());
        return new RestRequest(method, target.Value, DecodeQuery(query), headers ?? RestRequestHeaders.None);
    }

    public static List<KeyValuePair<string, string>> DecodeQuery(string query)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var key = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? "" : part[(equals + 1)..];
            pairs.Add(new(Decode(key), Decode(value)));
        }

        return pairs;
    }

    public static RestPlan Plan(string method, string url, RestRequestHeaders? headers = null, RestParseOptions? options = null)
    {
        var result = RestRequestParser.Parse(Request(method, url, headers), options ?? RestParseOptions.Default);
        Assert.True(result.IsSuccess, $"{method} {url} failed: {result.Error}");
        return result.Value;
    }

    public static RestError Fail(string method, string url, RestRequestHeaders? headers = null, RestParseOptions? options = null)
    {
        var result = RestRequestParser.Parse(Request(method, url, headers), options ?? RestParseOptions.Default);
        Assert.False(result.IsSuccess, $"{method} {url} unexpectedly parsed: {result.Value}");
        return result.Error;
    }

    /// <summary>The root query of a GET, rendered.</summary>
    public static string Query(string url, RestRequestHeaders? headers = null, RestParseOptions? options = null) =>
        ((ReadPlan)Plan("GET", url, headers, options)).Query.ToString();

    /// <summary>Runs <paramref name="parse"/> and returns the PGRST error it raises.</summary>
    public static RestError ParseError(Action parse)
    {
        var e = Assert.Throws<RestException>(parse);
        return e.Error;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
