using System.Text;
using AgentHub.Rest.Plan;
using AgentHub.Rest.Sql;

namespace AgentHub.Rest.Tests.Sql;

/// <summary>
/// Seeded fuzzing of plan → SQL: mutated requests against the test schema must build a statement or
/// return an error; nothing may throw. Every placeholder the text uses must have a parameter.
/// </summary>
public sealed class SqlFuzzTests
{
    private static readonly string[] Seeds =
    [
        "/books?select=id,title,authors!inner(name),categories(name)&authors.name=eq.x&order=id.desc&limit=5",
        "/books?select=id,meta->a->>b,tags&meta->>a=eq.1&tags=cs.{a}&or=(id.eq.1,title.like.*x*)&search=fts(english).cat",
        "/authors?select=name,books(title,...authors(name))&books=not.is.null&order=books(title)",
        "/books?select=*,authors()&authors=is.null&id=in.(1,2)&title=ilike(any).{a*,b*}",
        "/items?columns=name,note&on_conflict=name&select=id",
        "/rpc/add?a=1&b=2",
        "/rpc/books_after?y=1&select=id,authors(name)&id=gt.1",
        "/rpc/sum_all?nums=1&nums=2",
    ];

    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PATCH", "PUT", "DELETE"];

    private const string Alphabet = ".,()\":!*->{}[]\\ %&=abcdeilnoqrstx0123456789_$'";

    [Fact]
    public void Mutated_requests_build_a_statement_or_an_error()
    {
        var random = new Random(20_261_122);
        var built = 0;
        for (var i = 0; i < 3_000; i++)
        {
            var url = Mutate(Seeds[random.Next(Seeds.Length)], random);
            var method = Methods[random.Next(Methods.Length)];
            RestPlan plan;
            try
            {
                var parsed = RestRequestParser.Parse(TestRequests.Request(method, url), RestParseOptions.Default);
                if (!parsed.IsSuccess)
                {
                    continue;
                }

                plan = parsed.Value;
            }
            catch (Xunit.Sdk.XunitException)
            {
                continue; // the path itself did not parse
            }

            var body = method == "PATCH" ? """{"name":"x"}""" : """{"name":"x","a":1,"b":2}""";
            var payload = method is "POST" or "PATCH" or "PUT" ? JsonPayload.Parse(Encoding.UTF8.GetBytes(body)) : null;
            var result = StatementBuilder.Build(plan, TestSchema.Library, payload, BuildOptions.Default);
            if (result.IsSuccess)
            {
                built++;
                var statement = result.Value;
                for (var n = 1; n <= statement.Parameters.Count; n++)
                {
                    Assert.Contains("$" + n, statement.Sql, StringComparison.Ordinal);
                }

                Assert.DoesNotContain("$" + (statement.Parameters.Count + 1), statement.Sql, StringComparison.Ordinal);
            }
            else
            {
                Assert.InRange(result.Error.Status, 300, 599);
            }
        }

        Assert.True(built > 100, $"only {built} statements built");
    }

    private static string Mutate(string seed, Random random)
    {
        var text = new StringBuilder(seed);
        var edits = random.Next(0, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(text.Length);
            switch (random.Next(3))
            {
                case 0:
                    text.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 1 when text.Length > 2:
                    text.Remove(at, 1);
                    break;
                default:
                    text[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
            }
        }

        return text.ToString();
    }
}
