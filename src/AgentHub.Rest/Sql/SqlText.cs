using System.Text;
using AgentHub.Rest.Errors;
using AgentHub.Rest.Schema;

namespace AgentHub.Rest.Sql;

/// <summary>Identifier quoting. Every identifier in generated SQL goes through here, always double-quoted.</summary>
internal static class SqlText
{
    /// <summary><c>"name"</c> with embedded quotes doubled; NUL is rejected (Postgres cannot hold it in an identifier).</summary>
    public static string Ident(string name)
    {
        if (name.Contains('\0'))
        {
            throw new RestException(new RestError(RestErrorCodes.QueryParse, 400, "Identifiers cannot contain the NUL character"));
        }

        var builder = new StringBuilder(name.Length + 2).Append('"');
        foreach (var c in name)
        {
            if (c == '"')
            {
                builder.Append('"');
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }

    public static string Name(QualifiedName name) => Ident(name.Schema) + "." + Ident(name.Name);

    /// <summary>A Postgres array literal (<c>{"a","b\"c"}</c>) for an <c>in</c> list, every element quoted.</summary>
    public static string ArrayLiteral(IEnumerable<string> values)
    {
        var builder = new StringBuilder("{");
        var first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            builder.Append('"');
            foreach (var c in value)
            {
                if (c is '"' or '\\')
                {
                    builder.Append('\\');
                }

                builder.Append(c);
            }

            builder.Append('"');
        }

        return builder.Append('}').ToString();
    }
}
