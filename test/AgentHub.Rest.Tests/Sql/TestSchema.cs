using AgentHub.Rest.Schema;

namespace AgentHub.Rest.Tests.Sql;

/// <summary>An in-memory schema snapshot for golden SQL tests (no database).</summary>
internal static class TestSchema
{
    public static SchemaSnapshot Library { get; } = Build();

    private static SchemaSnapshot Build()
    {
        static QualifiedName N(string name) => new("public", name);
        static ColumnInfo C(string name, string type = "integer", string? baseType = null, string? defaultSql = null) =>
            new(name, type, baseType ?? type, DefaultSql: defaultSql);

        var tables = new[]
        {
            new TableInfo(N("authors"), false, [C("id"), C("name", "text")], ["id"]),
            new TableInfo(N("books"), false, [C("id"), C("title", "text"), C("author_id"), C("meta", "jsonb"), C("tags", "text[]", "_text"), C("search", "tsvector")], ["id"]),
            new TableInfo(N("categories"), false, [C("id"), C("name", "text")], ["id"]),
            new TableInfo(N("book_categories"), false, [C("book_id"), C("category_id")], ["book_id", "category_id"]),
            new TableInfo(N("items"), false, [C("id", "bigint", "int8", "nextval('public.items_id_seq'::regclass)"), C("name", "text"), C("note", "text", defaultSql: "'none'::text")], ["id"]),
        };
        var keys = new[]
        {
            new ForeignKeyInfo("books_author_id_fkey", N("books"), ["author_id"], N("authors"), ["id"]),
            new ForeignKeyInfo("book_categories_book_id_fkey", N("book_categories"), ["book_id"], N("books"), ["id"]),
            new ForeignKeyInfo("book_categories_category_id_fkey", N("book_categories"), ["category_id"], N("categories"), ["id"]),
        };
        var functions = new[]
        {
            new FunctionInfo(N("add"), [new FunctionParameter("a", "integer", "int4"), new FunctionParameter("b", "integer", "int4")], "integer", ReturnKind.Scalar, false, Volatility: Volatility.Immutable),
            new FunctionInfo(N("books_after"), [new FunctionParameter("y", "integer", "int4")], "SETOF public.books", ReturnKind.Composite, true, N("books"), Volatility.Stable),
            new FunctionInfo(N("sum_all"), [new FunctionParameter("nums", "integer[]", "_int4", ParameterMode.Variadic)], "integer", ReturnKind.Scalar, false),
        };
        return new SchemaSnapshot(tables, keys, functions);
    }
}
