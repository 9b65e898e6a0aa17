namespace AgentHub.Rest.IntegrationTests;

/// <summary>Resource embedding (data-api.md §6): every cardinality, hints, join types, null filters, spreads, related order.</summary>
public sealed class EmbedScenarios(LibraryFixture fixture) : IClassFixture<LibraryFixture>
{
    public static TheoryData<Scenario> Rows => new()
    {
        new Scenario("many-to-one embeds an object") { Url = "books?select=id,author:authors(name)&id=eq.1", Status = 200, Exact = """[{"id":1,"author":{"name":"Ann"}}]""" },
        new Scenario("many-to-one without a match embeds null") { Url = "books?select=id,authors(name)&id=eq.4", Status = 200, Exact = """[{"id":4,"authors":null}]""" },
        new Scenario("one-to-many embeds an array, ordered by the embed's order") { Url = "authors?select=name,books(id)&id=eq.1&books.order=id", Status = 200, Exact = """[{"name":"Ann","books":[{"id":1}, {"id":3}]}]""" },
        new Scenario("one-to-many without rows embeds an empty array") { Url = "authors?select=name,books(id)&id=eq.2&books.id=eq.99", Status = 200, Exact = """[{"name":"Bob","books":[]}]""" },
        new Scenario("many-to-many through a junction table") { Url = "books?select=id,categories(name)&id=eq.1&categories.order=name", Status = 200, Exact = """[{"id":1,"categories":[{"name":"Fiction"}, {"name":"Old"}]}]""" },
        new Scenario("one-to-one embeds an object from the referenced side") { Url = "authors?select=name,profiles(bio)&id=eq.1", Status = 200, Exact = """[{"name":"Ann","profiles":{"bio":"Ann bio"}}]""" },
        new Scenario("a foreign-key column names the embed") { Url = "books?select=id,author_id(name)&id=eq.2", Status = 200, Exact = """[{"id":2,"author_id":{"name":"Bob"}}]""" },
        new Scenario("two foreign keys to one table are ambiguous, 300 PGRST201") { Url = "orders?select=*,addresses(*)", Status = 300, Contains = ["PGRST201", "more than one relationship was found for 'orders' and 'addresses'", "\"cardinality\":\"many-to-one\"", "'addresses!orders_billing_address_id_fkey'"] },
        new Scenario("hints by column and by constraint name disambiguate") { Url = "orders?select=id,billing:addresses!billing_address_id(city),shipping:addresses!orders_shipping_address_id_fkey(city)", Status = 200, Exact = """[{"id":1,"billing":{"city":"Oslo"},"shipping":{"city":"Bergen"}}]""" },
        new Scenario("no relationship is 400 PGRST200") { Url = "authors?select=*,categories(*)", Status = 400, Contains = ["PGRST200", "Could not find a relationship between 'authors' and 'categories' in the schema cache", "in the schema 'public'"] },
        new Scenario("inner join drops parents without a matching child") { Url = "authors?select=name,books!inner(id)&books.year=gt.1900&order=id", Status = 200, Exact = """[{"name":"Ann","books":[{"id":1}]}, {"name":"Bob","books":[{"id":2}]}]""" },
        new Scenario("an embedded filter without inner keeps every parent") { Url = "authors?select=name,books(id)&books.year=gt.1900&order=id", Status = 200, Exact = """[{"name":"Ann","books":[{"id":1}]}, {"name":"Bob","books":[{"id":2}]}, {"name":"Cid","books":[]}]""" },
        new Scenario("inner join is counted") { Url = "authors?select=name,books!inner(id)&books.year=gt.1900", Headers = [("Prefer", "count=exact")], Status = 200, ExpectHeaders = [("Content-Range", "0-1/2")] },
        new Scenario("is.null on an embed is an anti-join") { Url = "books?select=id,authors()&authors=is.null", Status = 200, Exact = """[{"id":4}]""" },
        new Scenario("not.is.null on an embed is a semi-join") { Url = "books?select=id,authors()&authors=not.is.null&order=id", Status = 200, Exact = """[{"id":1}, {"id":2}, {"id":3}, {"id":5}]""" },
        new Scenario("null filter inside an or tree") { Url = "books?select=id,authors()&or=(authors.is.null,id.eq.1)&order=id", Status = 200, Exact = """[{"id":1}, {"id":4}]""" },
        new Scenario("embedded order and limit") { Url = "authors?select=name,books(id)&id=eq.1&books.order=id.desc&books.limit=1", Status = 200, Exact = """[{"name":"Ann","books":[{"id":3}]}]""" },
        new Scenario("embedded or") { Url = "authors?select=name,books(id)&id=eq.1&books.or=(id.eq.3,id.eq.99)", Status = 200, Exact = """[{"name":"Ann","books":[{"id":3}]}]""" },
        new Scenario("to-one spread lifts columns into the parent") { Url = "books?select=id,...authors(author_name:name)&id=eq.2", Status = 200, Exact = """[{"id":2,"author_name":"Bob"}]""" },
        new Scenario("to-many spread lifts columns as arrays") { Url = "authors?select=name,...books(id)&id=eq.1&books.order=id", Status = 200, Contains = ["\"name\":\"Ann\"", "\"id\":[1, 3]"] },
        new Scenario("order by a to-one embed's column") { Url = "books?select=id,authors(name)&order=authors(name).desc.nullslast,id", Status = 200, Contains = ["[{\"id\":5,"], NotContains = ["PGRST"] },
        new Scenario("order by a to-many embed is 400 PGRST118") { Url = "authors?select=*,books(id)&order=books(id)", Status = 400, Contains = ["PGRST118"] },
        new Scenario("nested embeds") { Url = "reviews?select=stars,books(title,authors(name))&id=eq.3", Status = 200, Exact = """[{"stars":5,"books":{"title":"Dune","authors":{"name":"Bob"}}}]""" },
        new Scenario("a view inherits its base table's foreign keys") { Url = "book_view?select=id,authors(name)&id=eq.2", Status = 200, Exact = """[{"id":2,"authors":{"name":"Bob"}}]""" },
        new Scenario("a table embeds a view over its children") { Url = "authors?select=name,book_view(title)&id=eq.2", Status = 200, Exact = """[{"name":"Bob","book_view":[{"title":"Dune"}]}]""" },
        new Scenario("a filter on a relation not in select is 400 PGRST108") { Url = "authors?books.id=eq.1", Status = 400, Contains = ["PGRST108"] },
        new Scenario("another operator than is.null on an embed is 400 PGRST120") { Url = "books?select=id,authors()&authors=eq.1", Status = 400, Contains = ["PGRST120"] },
        new Scenario("a set-returning function's rows embed like its table's") { Url = "rpc/books_after?y=1900&select=id,authors(name)&order=id", Status = 200, Exact = """[{"id":1,"authors":{"name":"Ann"}}, {"id":2,"authors":{"name":"Bob"}}, {"id":4,"authors":null}]""" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public Task Embed(Scenario scenario) => ScenarioRunner.RunAsync(fixture.Hub, scenario);
}
