using AgentHub.Rest.Errors;
using AgentHub.Rest.Parsing;

namespace AgentHub.Rest.Tests;

/// <summary>Each named limit in <see cref="RestLimits"/> accepts its maximum and rejects one more with PGRST100.</summary>
public sealed class LimitsTests
{
    private static RestError ParseQuery(params (string Key, string Value)[] pairs) =>
        ParseRequest(new RestRequest("GET", RestTarget.Relation("t"), pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)).ToList(), RestRequestHeaders.None));

    private static RestError ParseRequest(RestRequest request)
    {
        var result = RestRequestParser.Parse(request, RestParseOptions.Default);
        Assert.False(result.IsSuccess);
        Assert.Equal((RestErrorCodes.QueryParse, 400), (result.Error.Code, result.Error.Status));
        return result.Error;
    }

    private static void AssertParses(params (string Key, string Value)[] pairs)
    {
        var request = new RestRequest("GET", RestTarget.Relation("t"), pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)).ToList(), RestRequestHeaders.None);
        var result = RestRequestParser.Parse(request, RestParseOptions.Default);
        Assert.True(result.IsSuccess, result.ToString());
    }

    [Fact]
    public void Parameter_count()
    {
        var ok = Enumerable.Range(0, RestLimits.MaxParameterCount).Select(i => ("c" + i, "")).ToArray();
        AssertParses(ok);
        var error = ParseQuery([.. ok, ("x", "")]);
        Assert.Equal($"Number of query parameters exceeds the limit of {RestLimits.MaxParameterCount}", error.Message);
    }

    [Fact]
    public void Value_length()
    {
        AssertParses(("id", "eq." + new string('x', RestLimits.MaxValueLength - 3)));
        var error = ParseQuery(("id", "eq." + new string('x', RestLimits.MaxValueLength - 2)));
        Assert.Equal($"Length of the 'id' parameter exceeds the limit of {RestLimits.MaxValueLength}", error.Message);
        Assert.Equal($"The request has {RestLimits.MaxValueLength + 1}; the server accepts at most {RestLimits.MaxValueLength}.", error.Details);
    }

    [Fact]
    public void Query_string_length()
    {
        var half = new string('x', RestLimits.MaxQueryStringLength / 2);
        var error = ParseQuery(("a", "eq." + half), ("b", "eq." + half));
        Assert.StartsWith("Query string length exceeds the limit", error.Message);
    }

    [Fact]
    public void Filter_count_across_parameters_and_trees()
    {
        var tree = "(" + string.Join(",", Enumerable.Repeat("a.eq.1", RestLimits.MaxFilterCount - 1)) + ")";
        AssertParses(("or", tree), ("b", "eq.1"));
        var error = ParseQuery(("or", tree), ("b", "eq.1"), ("c", "eq.1"));
        Assert.StartsWith("Number of filters exceeds the limit", error.Message);
    }

    [Fact]
    public void Select_depth()
    {
        static string Nest(int depth) => string.Concat(Enumerable.Repeat("r(", depth)) + "id" + new string(')', depth);
        AssertParses(("select", Nest(RestLimits.MaxSelectDepth)));
        Assert.StartsWith("Embedding depth exceeds the limit", ParseQuery(("select", Nest(RestLimits.MaxSelectDepth + 1))).Message);
    }

    [Fact]
    public void Select_items()
    {
        static string Columns(int count) => string.Join(",", Enumerable.Range(0, count).Select(i => "c" + i));
        AssertParses(("select", Columns(RestLimits.MaxSelectItems)));
        Assert.StartsWith("Number of select items exceeds the limit", ParseQuery(("select", Columns(RestLimits.MaxSelectItems + 1))).Message);
    }

    [Fact]
    public void Json_path_steps()
    {
        static string Path(int steps) => "data" + string.Concat(Enumerable.Repeat("->k", steps));
        AssertParses(("select", Path(RestLimits.MaxJsonPathSteps)));
        Assert.StartsWith("JSON path length exceeds the limit", ParseQuery(("select", Path(RestLimits.MaxJsonPathSteps + 1))).Message);
    }

    [Fact]
    public void In_list_items()
    {
        static string List(int count) => "in.(" + string.Join(",", Enumerable.Range(0, count)) + ")";
        AssertParses(("id", List(RestLimits.MaxInListItems)));
        Assert.StartsWith("Number of in-list items exceeds the limit", ParseQuery(("id", List(RestLimits.MaxInListItems + 1))).Message);
    }

    [Fact]
    public void Order_terms()
    {
        static string Terms(int count) => string.Join(",", Enumerable.Range(0, count).Select(i => "c" + i));
        AssertParses(("order", Terms(RestLimits.MaxOrderTerms)));
        Assert.StartsWith("Number of order terms exceeds the limit", ParseQuery(("order", Terms(RestLimits.MaxOrderTerms + 1))).Message);
    }

    [Fact]
    public void Identifier_length()
    {
        AssertParses(("select", new string('c', RestLimits.MaxIdentifierLength)));
        var error = ParseQuery(("select", new string('c', RestLimits.MaxIdentifierLength + 1)));
        Assert.Equal($"identifier longer than {RestLimits.MaxIdentifierLength} characters", error.Details);
    }

    [Fact]
    public void Header_length()
    {
        var headers = new RestRequestHeaders(Prefer: new string(' ', RestLimits.MaxHeaderLength + 1));
        var error = ParseRequest(new RestRequest("GET", RestTarget.Relation("t"), [], headers));
        Assert.StartsWith("Length of the Prefer header exceeds the limit", error.Message);
    }

    [Fact]
    public void Long_input_is_not_echoed_in_full()
    {
        var value = "noop." + new string('x', 1000);
        var error = TestRequests.ParseError(() => FilterParser.ParseValue(value));
        Assert.True(error.Message.Length < RestErrors.MaxEchoedInput + 100, error.Message);
        Assert.Contains("...", error.Message);
    }
}
