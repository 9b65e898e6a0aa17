namespace AgentHub.Postgres.Migrations;

/// <summary>
/// Splits a SQL script into statements at top-level semicolons, the way psql and the Supabase CLI
/// do, so that each statement can run on its own and an error can be placed at a line and column
/// of the file. Written by hand: no package on the mirror exposes PostgreSQL's lexer.
/// </summary>
/// <remarks>
/// Understands what can hide a semicolon: <c>-- line</c> and nested <c>/* block */</c> comments,
/// <c>'strings'</c> (with <c>''</c>), <c>E'escape strings'</c> (with backslashes),
/// <c>"identifiers"</c>, <c>$tag$ dollar quotes $tag$</c>, and SQL-standard function bodies
/// (<c>BEGIN ATOMIC … END</c>, where CASE … END nests).
/// </remarks>
public static class SqlStatementSplitter
{
    /// <summary>Returns the non-empty statements of <paramref name="script"/> in order.</summary>
    public static IReadOnlyList<SqlStatement> Split(string script)
    {
        var statements = new List<SqlStatement>();
        var start = 0;
        var atomicDepth = 0;   // > 0 inside BEGIN ATOMIC; counts CASE nesting + 1
        string? previousWord = null;
        var i = 0;
        while (i < script.Length)
        {
            var c = script[i];
            if (c == '-' && Peek(script, i + 1) == '-')
            {
                i = SkipLineComment(script, i);
            }
            else if (c == '/' && Peek(script, i + 1) == '*')
            {
                i = SkipBlockComment(script, i);
            }
            else if (c == '\'')
            {
                var escapes = i > 0 && (script[i - 1] is 'E' or 'e') && !IsWordChar(Peek(script, i - 2));
                i = SkipQuoted(script, i, '\'', escapes);
            }
            else if (c == '"')
            {
                i = SkipQuoted(script, i, '"', backslashEscapes: false);
            }
            else if (c == '$' && TryDollarTag(script, i, out var tag))
            {
                var end = script.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = end < 0 ? script.Length : end + tag.Length;
            }
            else if (IsWordStart(c) && (i == 0 || !IsWordChar(script[i - 1])))
            {
                var wordEnd = i;
                while (wordEnd < script.Length && IsWordChar(script[wordEnd])) wordEnd++;
                var word = script[i..wordEnd];
                atomicDepth = TrackAtomic(atomicDepth, previousWord, word);
                previousWord = word;
                i = wordEnd;
            }
            else if (c == ';' && atomicDepth == 0)
            {
                Add(statements, script, start, i);
                start = i + 1;
                previousWord = null;
                i++;
            }
            else
            {
                i++;
            }
        }
        Add(statements, script, start, script.Length);
        return statements;
    }

    private static int TrackAtomic(int depth, string? previous, string word)
    {
        if (depth == 0)
        {
            return previous is not null && previous.Equals("BEGIN", StringComparison.OrdinalIgnoreCase)
                && word.Equals("ATOMIC", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        }
        if (word.Equals("CASE", StringComparison.OrdinalIgnoreCase)) return depth + 1;
        if (word.Equals("END", StringComparison.OrdinalIgnoreCase)) return depth - 1;
        return depth;
    }

    private static void Add(List<SqlStatement> statements, string script, int start, int end)
    {
        var text = script[start..end];
        if (!HasCode(text)) return;
        var leading = 0;
        while (leading < text.Length && char.IsWhiteSpace(text[leading])) leading++;
        statements.Add(new SqlStatement(text[leading..].TrimEnd(), start + leading));
    }

    /// <summary>True when the text holds more than whitespace and comments.</summary>
    private static bool HasCode(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i])) i++;
            else if (text[i] == '-' && Peek(text, i + 1) == '-') i = SkipLineComment(text, i);
            else if (text[i] == '/' && Peek(text, i + 1) == '*') i = SkipBlockComment(text, i);
            else return true;
        }
        return false;
    }

    private static char Peek(string s, int i) => i >= 0 && i < s.Length ? s[i] : '\0';

    private static bool IsWordStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$';

    private static int SkipLineComment(string s, int i)
    {
        var end = s.IndexOf('\n', i);
        return end < 0 ? s.Length : end + 1;
    }

    private static int SkipBlockComment(string s, int i)
    {
        var depth = 0;
        while (i < s.Length)
        {
            if (s[i] == '/' && Peek(s, i + 1) == '*') { depth++; i += 2; }
            else if (s[i] == '*' && Peek(s, i + 1) == '/') { depth--; i += 2; if (depth == 0) return i; }
            else i++;
        }
        return s.Length;
    }

    private static int SkipQuoted(string s, int i, char quote, bool backslashEscapes)
    {
        i++;
        while (i < s.Length)
        {
            if (backslashEscapes && s[i] == '\\') { i += 2; continue; }
            if (s[i] == quote)
            {
                if (Peek(s, i + 1) == quote) { i += 2; continue; }
                return i + 1;
            }
            i++;
        }
        return s.Length;
    }

    /// <summary>Recognises <c>$$</c> or <c>$tag$</c> (a tag is an identifier not starting with a digit).</summary>
    private static bool TryDollarTag(string s, int i, out string tag)
    {
        tag = "";
        // "$1" is a parameter, and "a$b" is part of an identifier, not a quote.
        if (i > 0 && IsWordChar(s[i - 1])) return false;
        var j = i + 1;
        if (j < s.Length && char.IsAsciiDigit(s[j])) return false;
        while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] == '_')) j++;
        if (j >= s.Length || s[j] != '$') return false;
        tag = s[i..(j + 1)];
        return true;
    }

    /// <summary>Turns a character offset into a 1-based line and column.</summary>
    public static (int Line, int Column) LineAndColumn(string script, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < script.Length; i++)
        {
            if (script[i] == '\n') { line++; lineStart = i + 1; }
        }
        return (line, offset - lineStart + 1);
    }
}
