using AgentHub.Postgres.Migrations;

namespace AgentHub.Postgres.Tests;

public sealed class SqlStatementSplitterTests
{
    private static string[] Texts(string sql) => SqlStatementSplitter.Split(sql).Select(s => s.Text).ToArray();

    [Fact]
    public void Splits_at_top_level_semicolons_and_drops_empty_statements()
    {
        Assert.Equal(["select 1", "select 2"], Texts("select 1;\n\n  select 2;;\n-- trailing comment\n"));
    }

    [Theory]
    [InlineData("select 'a;b'; select 2", "select 'a;b'")]
    [InlineData("select 'it''s;'; select 2", "select 'it''s;'")]
    [InlineData("select E'\\';'; select 2", "select E'\\';'")]
    [InlineData("select \"odd;name\" from t; select 2", "select \"odd;name\" from t")]
    [InlineData("select 1 -- a; comment\n; select 2", "select 1 -- a; comment")]
    [InlineData("select /* a; /* nested; */ still; */ 1; select 2", "select /* a; /* nested; */ still; */ 1")]
    [InlineData("create function f() returns int language sql as $$ select 1; $$; select 2", "create function f() returns int language sql as $$ select 1; $$")]
    [InlineData("do $body$ begin perform 1; end $body$; select 2", "do $body$ begin perform 1; end $body$")]
    public void Semicolons_inside_quotes_comments_and_bodies_do_not_split(string sql, string first)
    {
        var statements = Texts(sql);
        Assert.Equal(2, statements.Length);
        Assert.Equal(first, statements[0]);
        Assert.Equal("select 2", statements[1]);
    }

    [Fact]
    public void Sql_standard_function_bodies_stay_whole_including_case_end()
    {
        const string sql = """
            create function f(x int) returns int language sql
            begin atomic
              select case when x > 0 then 1 else 0 end;
              select 2;
            end;
            select 3;
            """;
        var statements = Texts(sql);
        Assert.Equal(2, statements.Length);
        Assert.EndsWith("end", statements[0]);
        Assert.Equal("select 3", statements[1]);
    }

    [Fact]
    public void Positional_parameters_and_dollar_inside_identifiers_are_not_quotes()
    {
        Assert.Equal(["select $1, a$b from t", "select 2"], Texts("select $1, a$b from t; select 2"));
    }

    [Fact]
    public void Offsets_point_at_each_statement_in_the_file_and_map_to_line_and_column()
    {
        const string sql = "create table a (id int);\n\n  insert into a values (1);\n";
        var statements = SqlStatementSplitter.Split(sql);
        Assert.Equal(0, statements[0].Offset);
        Assert.Equal(sql.IndexOf("insert", StringComparison.Ordinal), statements[1].Offset);
        Assert.Equal((3, 3), SqlStatementSplitter.LineAndColumn(sql, statements[1].Offset));
    }
}
