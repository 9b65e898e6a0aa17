using System.Text;
using System.Text.Json;

namespace AgentHub.Cdc.Tests;

/// <summary>The text → to_jsonb mapping and the PostgreSQL text-format readers, without a database.</summary>
public sealed class PgJsonTests
{
    private static string Json(string type, string text)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            PgJson.WriteValue(writer, PgType.Builtin(type), text);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Theory]
    [InlineData("float8", "1e+20", "100000000000000000000")]
    [InlineData("float8", "1.5e-07", "0.00000015")]
    [InlineData("float8", "-1.234e+2", "-123.4")]
    [InlineData("float8", "-0", "0")]
    [InlineData("float8", "NaN", "\"NaN\"")]
    [InlineData("float8", "-Infinity", "\"-Infinity\"")]
    [InlineData("numeric", "1.50", "1.50")]
    [InlineData("numeric", "Infinity", "\"Infinity\"")]
    [InlineData("int8", "9007199254740993", "9007199254740993")]
    [InlineData("oid", "16384", "\"16384\"")]
    [InlineData("bool", "t", "true")]
    [InlineData("bool", "f", "false")]
    [InlineData("timestamptz", "2025-05-01 11:59:00.5+00", "\"2025-05-01T11:59:00.5+00:00\"")]
    [InlineData("timestamptz", "2025-05-01 11:59:00-03:30", "\"2025-05-01T11:59:00-03:30\"")]
    [InlineData("timestamptz", "infinity", "\"infinity\"")]
    [InlineData("timestamp", "0044-03-15 12:00:00 BC", "\"0044-03-15T12:00:00 BC\"")]
    [InlineData("date", "2025-05-01", "\"2025-05-01\"")]
    [InlineData("bytea", "\\x0aff", "\"0aff\"")]
    [InlineData("_int4", "{{1,2},{NULL,4}}", "[[1,2],[null,4]]")]
    [InlineData("_int4", "[0:1]={7,8}", "[7,8]")]
    [InlineData("_text", "{\"a,b\",\"c\\\"d\",NULL,\"NULL\",\"\",e}", "[\"a,b\",\"c\\\"d\",null,\"NULL\",\"\",\"e\"]")]
    [InlineData("_jsonb", "{\"{\\\"a\\\": 1}\",null}", "[{\"a\": 1},null]")]
    [InlineData("_bool", "{t,f}", "[true,false]")]
    [InlineData("_float8", "{NaN,1e+20}", "[\"NaN\",100000000000000000000]")]
    [InlineData("_box", "{(1,1),(0,0);(3,3),(2,2)}", "[\"(1,1),(0,0)\",\"(3,3),(2,2)\"]")]
    [InlineData("_int4", "{}", "[]")]
    [InlineData("uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"")]
    [InlineData("interval", "1 day 02:00:00", "\"1 day 02:00:00\"")]
    public void Text_becomes_the_json_to_jsonb_gives(string type, string text, string json) => Assert.Equal(json, Json(type, text));

    [Fact]
    public void Composite_text_is_read_like_record_in()
    {
        Assert.True(PgRecordText.TryParse("(1,\"a \"\"b\"\" \\\\c\",,\"\",x)", out var fields));
        Assert.Equal(["1", "a \"b\" \\c", null, "", "x"], fields);
        Assert.True(PgRecordText.TryParse("()", out var one));
        Assert.Equal([null], one);
        Assert.False(PgRecordText.TryParse("(1,2", out _));
    }

    [Fact]
    public void Array_literals_are_read_like_array_in()
    {
        Assert.True(PgArrayText.TryParse("{ a , \"b\" ,null, \"null\"}", ',', out var items));
        Assert.Equal(["a", "b", null, "null"], items.Select(i => i.Text));
        Assert.False(PgArrayText.TryParse("{a,b", ',', out _));
        Assert.False(PgArrayText.TryParse("a,b", ',', out _));
        Assert.False(PgArrayText.TryParse("{\"a}", ',', out _));
    }
}
