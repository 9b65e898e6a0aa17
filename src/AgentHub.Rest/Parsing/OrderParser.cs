using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Parsing;

/// <summary>
/// Parses <c>order=</c> values (data-api.md §8): comma-separated
/// <c>field[-&gt;path][.asc|.desc][.nullsfirst|.nullslast]</c> or <c>rel(field)...</c> terms.
/// </summary>
internal static class OrderParser
{
    private const string ModifierExpectation = "\"asc\", \"desc\", \"nullsfirst\" or \"nullslast\"";

    public static ValueList<OrderTerm> Parse(string value)
    {
        var reader = new SpanReader(value, "order");
        var terms = new List<OrderTerm>(2);
        while (true)
        {
            if (terms.Count == RestLimits.MaxOrderTerms)
            {
                throw new RestException(RestErrors.LimitExceeded("Number of order terms", terms.Count + 1, RestLimits.MaxOrderTerms));
            }

            terms.Add(ReadTerm(ref reader));
            if (!reader.TryConsume(','))
            {
                reader.ExpectEnd("\",\" or end of input");
                return ValueList.From(terms);
            }
        }
    }

    private static OrderTerm ReadTerm(ref SpanReader reader)
    {
        reader.SkipBlanks();
        string? relation = null;
        var name = FieldSyntax.ReadFieldName(ref reader);
        Field field;
        if (reader.TryConsume('('))
        {
            relation = name;
            field = FieldSyntax.ReadField(ref reader);
            reader.Expect(')', "\"->>\", \"->\" or \")\"");
        }
        else
        {
            field = new Field(name, FieldSyntax.ReadJsonPath(ref reader));
        }

        reader.SkipBlanks();
        OrderDirection? direction = null;
        NullsOrder? nulls = null;
        if (reader.TryConsume('.'))
        {
            var start = reader.Position;
            var word = ReadWord(ref reader);
            switch (word)
            {
                case "asc":
                case "desc":
                    direction = word == "asc" ? OrderDirection.Asc : OrderDirection.Desc;
                    if (reader.TryConsume('.'))
                    {
                        var nullsStart = reader.Position;
                        nulls = ReadWord(ref reader) switch
                        {
                            "nullsfirst" => NullsOrder.First,
                            "nullslast" => NullsOrder.Last,
                            var other => throw reader.FailAt(nullsStart, $"unexpected \"{other}\" expecting \"nullsfirst\" or \"nullslast\""),
                        };
                    }

                    break;
                case "nullsfirst":
                    nulls = NullsOrder.First;
                    break;
                case "nullslast":
                    nulls = NullsOrder.Last;
                    break;
                default:
                    throw reader.FailAt(start, $"unexpected \"{word}\" expecting {ModifierExpectation}");
            }
        }

        reader.SkipBlanks();
        if (!reader.AtEnd && reader.Current != ',')
        {
            throw reader.Unexpected(
                nulls is not null ? "\",\" or end of input"
                : direction is not null ? "delimiter (.), \",\" or end of input"
                : "\"->>\", \"->\", delimiter (.), \",\" or end of input");
        }

        return new OrderTerm(relation, field, direction, nulls);
    }

    private static string ReadWord(ref SpanReader reader)
    {
        var start = reader.Position;
        while (char.IsAsciiLetter(reader.Current))
        {
            reader.Advance();
        }

        return reader.Slice(start, reader.Position).ToString();
    }
}
