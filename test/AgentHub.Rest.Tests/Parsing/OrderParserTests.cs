using AgentHub.Rest.Errors;
using AgentHub.Rest.Parsing;

namespace AgentHub.Rest.Tests.Parsing;

public sealed class OrderParserTests
{
    [Theory]
    [InlineData("id", "id")]
    [InlineData("id.asc", "id asc")]
    [InlineData("id.desc", "id desc")]
    [InlineData("id.desc.nullslast", "id desc nullslast")]
    [InlineData("id.asc.nullsfirst", "id asc nullsfirst")]
    [InlineData("id.nullsfirst", "id nullsfirst")]
    [InlineData("id.nullslast", "id nullslast")]
    [InlineData("name,id.desc", "name, id desc")]
    [InlineData("name , id.desc ", "name, id desc")]
    [InlineData("data->>age.desc", "data->>'age' desc")]
    [InlineData("json_col->key.asc.nullslast", "json_col->'key' asc nullslast")]
    [InlineData("data->0.desc", "data->0 desc")]
    [InlineData("clients(name).desc", "clients(name) desc")]
    [InlineData("clients(json_col->key).desc.nullsfirst", "clients(json_col->'key') desc nullsfirst")]
    [InlineData("name,clients(name),id", "name, clients(name), id")]
    [InlineData("\"Created At\".desc", "\"Created At\" desc")]
    public void Parses_to_the_golden_terms(string value, string expected)
    {
        Assert.Equal(expected, OrderParser.Parse(value).ToString());
    }

    /// <summary>The malformed cases of PostgREST's own pOrder doctests, with their columns.</summary>
    [Theory]
    [InlineData("id.ac", 4, "expecting \"asc\", \"desc\", \"nullsfirst\" or \"nullslast\"")]
    [InlineData("id.descc", 4, "unexpected \"descc\"")]
    [InlineData("id.nulsfist", 4, "expecting \"asc\", \"desc\", \"nullsfirst\" or \"nullslast\"")]
    [InlineData("id.nullslasttt", 4, "unexpected \"nullslasttt\"")]
    [InlineData("id.smth34", 4, "unexpected \"smth\"")]
    [InlineData("id.asc.nlsfst", 8, "expecting \"nullsfirst\" or \"nullslast\"")]
    [InlineData("id.asc.nullslasttt", 8, "unexpected \"nullslasttt\"")]
    [InlineData("id.asc.smth34", 8, "expecting \"nullsfirst\" or \"nullslast\"")]
    [InlineData("clients(name,id)", 13, "expecting \"->>\", \"->\" or \")\"")]
    [InlineData("", 1, "expecting field name")]
    [InlineData(",id", 1, "expecting field name")]
    [InlineData("id,", 4, "expecting field name")]
    [InlineData("id.desc.nullsfirst.x", 19, "expecting \",\" or end of input")]
    [InlineData("id::text", 3, "unexpected \":\"")]
    public void Malformed_order_is_PGRST100(string value, int column, string detail)
    {
        var error = TestRequests.ParseError(() => OrderParser.Parse(value));
        Assert.Equal(RestErrorCodes.QueryParse, error.Code);
        Assert.Equal($"\"failed to parse order ({value})\" (line 1, column {column})", error.Message);
        Assert.Contains(detail, error.Details);
    }
}
