using AgentHub.Rest.Errors;

namespace AgentHub.Rest.Tests;

/// <summary>Paths and methods (data-api.md §1, §11).</summary>
public sealed class RequestRoutingTests
{
    [Theory]
    [InlineData("todos", "todos", false)]
    [InlineData("/todos", "todos", false)]
    [InlineData("MyTable", "MyTable", false)]
    [InlineData("my table", "my table", false)]
    [InlineData("rpc/add", "add", true)]
    [InlineData("/rpc/add", "add", true)]
    [InlineData("rpc", "rpc", false)]
    public void Paths_address_a_relation_or_function(string path, string name, bool isFunction)
    {
        var target = RestRequestParser.ParseTarget(path);
        Assert.True(target.IsSuccess);
        Assert.Equal((name, isFunction), (target.Value.Name, target.Value.IsFunction));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("rpc/f/x")]
    [InlineData("rpc/")]
    [InlineData("todos/")]
    public void Deeper_paths_are_PGRST125(string path)
    {
        var target = RestRequestParser.ParseTarget(path);
        Assert.False(target.IsSuccess);
        Assert.Equal((RestErrorCodes.InvalidResourcePath, 404, "Invalid path specified in request URL"), (target.Error.Code, target.Error.Status, target.Error.Message));
    }

    [Fact]
    public void Root_is_PGRST126()
    {
        var result = RestRequestParser.Parse(new RestRequest("GET", RestTarget.Root, [], RestRequestHeaders.None), RestParseOptions.Default);
        Assert.Equal((RestErrorCodes.OpenApiDisabled, 404), (result.Error!.Code, result.Error.Status));
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public void Rpc_rejects_other_methods_with_PGRST101(string method)
    {
        var error = TestRequests.Fail(method, "/rpc/f");
        Assert.Equal((RestErrorCodes.InvalidRpcMethod, 405, $"Cannot use the {method} method on RPC"), (error.Code, error.Status, error.Message));
    }

    [Theory]
    [InlineData("OPTIONS")]
    [InlineData("TRACE")]
    [InlineData("FOO")]
    public void Unknown_methods_are_PGRST117(string method)
    {
        var error = TestRequests.Fail(method, "/t");
        Assert.Equal((RestErrorCodes.UnsupportedMethod, 405, $"Unsupported HTTP method: {method}"), (error.Code, error.Status, error.Message));
    }

    [Fact]
    public void Checks_run_in_PostgREST_order()
    {
        // Bad schema and bad filter: the schema error wins.
        var error = TestRequests.Fail("GET", "/t?id=bogus", new RestRequestHeaders(AcceptProfile: "nope"));
        Assert.Equal(RestErrorCodes.UnacceptableSchema, error.Code);

        // Bad filter and bad Accept: the parse error wins.
        error = TestRequests.Fail("GET", "/t?id=bogus", new RestRequestHeaders(Accept: "text/html"));
        Assert.Equal(RestErrorCodes.QueryParse, error.Code);
    }
}
