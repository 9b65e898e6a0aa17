using System.Text;
using AgentHub.Rest.Errors;
using AgentHub.Rest.Parsing;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Tests;

/// <summary>
/// Seeded fuzzing: mutated real query strings and random noise must only ever produce a plan or a
/// documented <see cref="RestError"/>. A failing seed/case pair reproduces exactly; confirmed crashes
/// belong in <see cref="FuzzRegressionTests"/>.
/// </summary>
public sealed class FuzzTests
{
    /// <summary>Fixed so CI is reproducible; set AGENTHUB_REST_FUZZ_SEED to explore other inputs.</summary>
    private static readonly int Seed = EnvironmentInt("AGENTHUB_REST_FUZZ_SEED", 20_240_501);

    /// <summary>AGENTHUB_REST_FUZZ_SCALE multiplies the case counts for longer local runs.</summary>
    private static readonly int Scale = EnvironmentInt("AGENTHUB_REST_FUZZ_SCALE", 1);

    private static readonly int RequestCases = 4_000 * Scale;
    private static readonly int ParserCases = 3_000 * Scale;

    private static readonly string[] Seeds =
    [
        "select=*",
        "select=id,title,author:users!inner(email)&done=eq.false&order=id.desc.nullslast&offset=0&limit=10",
        "select=id,data->a->>b::text,arr->-1,...rel!hint!left(a,b),x:count()::int,amount.sum()",
        "select=*,items(*,sub())&items.qty=gt.1&items.order=id.desc&items.limit=5&items.or=(a.eq.1,b.eq.2)&items=not.is.null",
        "or=(a.eq.1,not.and(b.in.(1,2,\"x,y\"),c.is.null),d.cs.{1,2})&not.or=(e.fts(english).cat,f.like(any).{a*,b*})",
        "id=in.(\"a,b\",c,\"d\\\"e\")&name=ilike.*x*&tags=ov.[1,5)&r=adj.(1,2)&t=isdistinct.x&u=is.not_null",
        "columns=\"title\",\"done\"&on_conflict=id,other&select=id",
        "order=data->>age.desc,clients(name).asc.nullsfirst&limit=5&offset=2",
        "a=1&b={1,2}&b={3}&select=id&id=gt.5",
        "select=id%2Ctitle%2Cauthor%3Ausers%21inner%28email%29&id=in.%281%2C2%29",
    ];

    private static readonly string[] Prefers =
        ["", "return=representation", "count=exact", "resolution=merge-duplicates, return=representation, missing=default", "handling=strict, max-affected=5", "tx=rollback, timezone=UTC", "params=single-object"];

    private static readonly string[] Accepts =
        ["", "*/*", "application/json", "application/vnd.pgrst.object+json;nulls=stripped", "text/csv;q=0.5, application/json", "application/vnd.pgrst.plan+json; for=\"text/csv\"; options=analyze|wal", "text/plain"];

    private static readonly string[] Ranges = ["", "0-24", "10-", "items=0-9", "5-2"];

    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PATCH", "PUT", "DELETE", "OPTIONS", "get"];

    private const string Alphabet = ".,()\":!*->{}[]\\ %+&=abcdeilnoqrstx0123456789_$\t'é\u0000";

    private static readonly HashSet<string> KnownCodes = typeof(RestErrorCodes)
        .GetFields().Select(f => (string)f.GetRawConstantValue()!).ToHashSet();

    private static readonly HashSet<int> KnownStatuses = [400, 404, 405, 406, 416];

    [Fact]
    public void Requests_yield_a_plan_or_a_documented_error()
    {
        var random = new Random(Seed);
        var options = new[]
        {
            RestParseOptions.Default,
            RestParseOptions.Default with { AggregatesEnabled = true, PlanEnabled = true, AllowTransactionOverride = true },
        };
        int plans = 0, errors = 0;
        for (var i = 0; i < RequestCases; i++)
        {
            var query = Mutate(random, Pick(random, Seeds));
            var headers = new RestRequestHeaders(
                Accept: MaybeMutate(random, Pick(random, Accepts)),
                Prefer: MaybeMutate(random, Pick(random, Prefers)),
                AcceptProfile: random.Next(8) == 0 ? "other" : null,
                Range: MaybeMutate(random, Pick(random, Ranges)));
            var target = random.Next(3) == 0 ? RestTarget.Function("f") : RestTarget.Relation("t");
            var request = new RestRequest(Pick(random, Methods), target, TestRequests.DecodeQuery(query), headers);
            var context = $"case {i}: {request.Method} {target}?{query} | {headers}";

            var chosen = Pick(random, options);
            var result = Parse(request, chosen, context);
            if (result.IsSuccess)
            {
                plans++;
                Assert.False(string.IsNullOrEmpty(result.Value.ToString()), context);
                Assert.Equal(result.Value, Parse(request, chosen, context).Value);
            }
            else
            {
                errors++;
                AssertDocumented(result.Error, context);
            }
        }

        // Both outcomes must be exercised or the fuzzer is not fuzzing.
        Assert.True(plans > RequestCases / 10, $"only {plans} plans");
        Assert.True(errors > RequestCases / 10, $"only {errors} errors");
    }

    [Fact]
    public void Each_parser_throws_only_its_documented_error()
    {
        var random = new Random(Seed + 1);
        for (var i = 0; i < ParserCases; i++)
        {
            var text = random.Next(2) == 0 ? Noise(random) : Mutate(random, Pick(random, Seeds));
            Check(text, () => SelectParser.Parse(text));
            Check(text, () => FilterParser.ParseKey(text));
            Check(text, () => FilterParser.ParseValue(text));
            Check(text, () => FilterParser.StartsWithOperator(text));
            Check(text, () => LogicTreeParser.ParseKey(text));
            Check(text, () => LogicTreeParser.ParseValue(LogicOperator.Or, false, text));
            Check(text, () => OrderParser.Parse(text));
            Check(text, () => ColumnListParser.Parse(text, "columns"));
            Check(text, () => RangeParser.ParseLimit(text));
            Check(text, () => RangeParser.ParseHeader(text, null));
            Check(text, () => PreferParser.Parse(text, true));
            Check(text, () => MediaTypeParser.Negotiate(text, [MediaType.Json, MediaType.Csv]));
            Check(text, () => MediaTypeParser.ParseContentType(text));
            Check(text, () => ResourcePathParser.Parse(text));
        }
    }

    private static RestResult<RestPlan> Parse(RestRequest request, RestParseOptions options, string context)
    {
        try
        {
            return RestRequestParser.Parse(request, options);
        }
        catch (Exception e)
        {
            Assert.Fail($"{context}\nthrew {e}");
            throw;
        }
    }

    private static void Check(string input, Action parse)
    {
        try
        {
            parse();
        }
        catch (RestException e)
        {
            AssertDocumented(e.Error, Literal(input));
        }
        catch (Exception e)
        {
            Assert.Fail($"input {Literal(input)} threw {e}");
        }
    }

    private static void AssertDocumented(RestError error, string context)
    {
        Assert.True(KnownCodes.Contains(error.Code), $"{context}: unknown code {error.Code}");
        Assert.True(KnownStatuses.Contains(error.Status), $"{context}: unexpected status {error.Status}");
        Assert.False(string.IsNullOrWhiteSpace(error.Message), context);
    }

    private static string Mutate(Random random, string text)
    {
        var builder = new StringBuilder(text);
        var mutations = random.Next(1, 5);
        for (var m = 0; m < mutations; m++)
        {
            var at = builder.Length == 0 ? 0 : random.Next(builder.Length);
            switch (random.Next(6))
            {
                case 0:
                    builder.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 1 when builder.Length > 0:
                    builder.Remove(at, 1);
                    break;
                case 2 when builder.Length > 1:
                    var other = random.Next(builder.Length);
                    (builder[at], builder[other]) = (builder[other], builder[at]);
                    break;
                case 3 when builder.Length > 0:
                    var length = random.Next(1, Math.Min(12, builder.Length - at) + 1);
                    builder.Insert(at, builder.ToString(at, length));
                    break;
                case 4:
                    builder.Length = at;
                    break;
                default:
                    var splice = Pick(random, Seeds);
                    builder.Insert(at, splice[..random.Next(1, Math.Min(12, splice.Length) + 1)]);
                    break;
            }
        }

        return builder.ToString();
    }

    private static string? MaybeMutate(Random random, string text) =>
        text.Length == 0 ? null : random.Next(4) == 0 ? Mutate(random, text) : text;

    private static string Noise(Random random)
    {
        var chars = new char[random.Next(0, 40)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Next(10) == 0 ? (char)random.Next(0xD7FF) : Alphabet[random.Next(Alphabet.Length)];
        }

        return new string(chars);
    }

    private static int EnvironmentInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Literal(string text) => PlanText.Literal(text);
}
