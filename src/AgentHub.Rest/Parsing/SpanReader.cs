using AgentHub.Rest.Errors;

namespace AgentHub.Rest.Parsing;

/// <summary>
/// Cursor over one query-string key or value. Every parser reads through it so that failures carry
/// PostgREST's PGRST100 shape: the subject (<c>filter</c>, <c>select parameter</c>, ...), the input,
/// the 1-based column and an <c>unexpected X expecting Y</c> detail.
/// </summary>
internal ref struct SpanReader
{
    private readonly ReadOnlySpan<char> _text;
    private readonly string _source;
    private readonly string _subject;

    public SpanReader(string source, string subject)
    {
        _text = source;
        _source = source;
        _subject = subject;
        Position = 0;
    }

    public int Position { get; set; }

    public readonly bool AtEnd => Position >= _text.Length;

    /// <summary>The current char, or <c>'\0'</c> at the end (never a valid token char).</summary>
    public readonly char Current => Position < _text.Length ? _text[Position] : '\0';

    public readonly ReadOnlySpan<char> Remaining => _text[Position..];

    public readonly char PeekAt(int offset) =>
        Position + offset < _text.Length ? _text[Position + offset] : '\0';

    public readonly ReadOnlySpan<char> Slice(int start, int end) => _text[start..end];

    public readonly bool StartsWith(ReadOnlySpan<char> literal) => Remaining.StartsWith(literal, StringComparison.Ordinal);

    public void Advance(int count = 1) => Position += count;

    public bool TryConsume(char c)
    {
        if (Current != c || AtEnd)
        {
            return false;
        }

        Position++;
        return true;
    }

    public bool TryConsume(ReadOnlySpan<char> literal)
    {
        if (!StartsWith(literal))
        {
            return false;
        }

        Position += literal.Length;
        return true;
    }

    /// <summary>Skips spaces and tabs, which PostgREST tolerates around separators.</summary>
    public void SkipBlanks()
    {
        while (Current is ' ' or '\t' && !AtEnd)
        {
            Position++;
        }
    }

    public void Expect(char c, string expecting)
    {
        if (!TryConsume(c))
        {
            throw Unexpected(expecting);
        }
    }

    /// <summary>Fails unless only blanks remain.</summary>
    public void ExpectEnd(string expecting)
    {
        SkipBlanks();
        if (!AtEnd)
        {
            throw Unexpected(expecting);
        }
    }

    /// <summary>PGRST100 at the current position: <c>unexpected "x" expecting ...</c>.</summary>
    public readonly RestException Unexpected(string expecting) =>
        FailAt(Position, $"unexpected {Describe(Position)} expecting {expecting}");

    public readonly RestException FailAt(int position, string details) =>
        new(RestErrors.QueryParse(_subject, _source, position, details));

    private readonly string Describe(int position) =>
        position >= _text.Length ? "end of input" : "\"" + _text[position] + "\"";
}
