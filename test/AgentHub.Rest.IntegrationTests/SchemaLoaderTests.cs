using AgentHub.Rest.Schema;
using AgentHub.Testing;
using Npgsql;

namespace AgentHub.Rest.IntegrationTests;

/// <summary>The schema cache read from a real catalog.</summary>
public sealed class SchemaLoaderTests(LibraryFixture fixture) : IClassFixture<LibraryFixture>
{
    [Fact]
    public async Task Loads_tables_keys_relationships_and_functions()
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.Hub.Database.ConnectionString());
        var schema = await SchemaLoader.LoadAsync(dataSource, ["public"], CancellationToken.None);
        var books = schema.Table("public", "books")!;
        Assert.Equal(["id"], books.PrimaryKey);
        Assert.True(books.Column("meta")!.IsJson);
        Assert.True(books.Column("search")!.IsGenerated);
        Assert.Contains(schema.RelationshipsFrom(books.Name), r => r.Target.Name == "authors" && r.Cardinality == Cardinality.ManyToOne);
        Assert.Contains(schema.RelationshipsFrom(books.Name), r => r.Target.Name == "categories" && r.Cardinality == Cardinality.ManyToMany);
        Assert.Contains(schema.RelationshipsFrom(new QualifiedName("public", "authors")), r => r.Target.Name == "profiles" && r.Cardinality == Cardinality.OneToOne);
        Assert.Contains(schema.RelationshipsFrom(new QualifiedName("public", "book_view")), r => r.Target.Name == "authors");
        Assert.Equal(["id"], schema.Table("public", "book_view")!.PrimaryKey);
        Assert.Equal("nextval('public.items_id_seq'::regclass)", schema.Table("public", "items")!.Column("id")!.DefaultSql);
        var add = Assert.Single(schema.Functions("public", "add"));
        Assert.Equal(Volatility.Immutable, add.Volatility);
        Assert.Equal(["a", "b"], add.Inputs.Select(p => p.Name));
        Assert.True(Assert.Single(schema.Functions("public", "echo_json")).TakesSingleUnnamedJson);
        Assert.True(Assert.Single(schema.Functions("public", "sum_all")).IsVariadic);
        Assert.Equal(new QualifiedName("public", "books"), Assert.Single(schema.Functions("public", "books_after")).ReturnTable);
        Assert.Equal("3s", schema.RoleSettings("anon").Single(s => s.Key == "statement_timeout").Value);
        Assert.Equal("integer", schema.CastType("int4"));
    }
}
