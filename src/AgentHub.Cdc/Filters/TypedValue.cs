using System.Globalization;
using System.Text.Json;

namespace AgentHub.Cdc;

/// <summary>
/// A filter literal or column value converted for comparison by its column type, the way PostgreSQL
/// would cast the literal: integers and timestamps as longs, floats as doubles, numerics as exact
/// decimal text, everything else as (normalized) text or a parsed JSON/array structure.
/// </summary>
internal readonly record struct TypedValue(long Int, double Float, string? Text, object? Structure)
{
    public static bool TryConvert(PgType type, string text, out TypedValue value, out string? error)
    {
        value = default;
        error = null;
        switch (type.Kind)
        {
            case PgTypeKind.Integer or PgTypeKind.Oid:
                if (!long.TryParse(text.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    error = InvalidSyntax(type, text);
                    return false;
                }
                var (min, max) = type.Name switch { "int2" => (short.MinValue, short.MaxValue), "int4" => (int.MinValue, int.MaxValue), "oid" => (0L, uint.MaxValue), _ => (long.MinValue, long.MaxValue) };
                if (l < min || l > max)
                {
                    error = $"value \"{text}\" is out of range for type {type.DisplayName}";
                    return false;
                }
                value = new TypedValue(l, 0, null, null);
                return true;
            case PgTypeKind.Float:
                if (!TryParseFloat(text, out var d))
                {
                    error = InvalidSyntax(type, text);
                    return false;
                }
                value = new TypedValue(0, d, null, null);
                return true;
            case PgTypeKind.Numeric:
                if (NumericText.Normalize(text) is not { } numeric)
                {
                    error = InvalidSyntax(type, text);
                    return false;
                }
                value = new TypedValue(0, 0, numeric, null);
                return true;
            case PgTypeKind.Bool:
                if (!TryParseBool(text, out var b))
                {
                    error = InvalidSyntax(type, text);
                    return false;
                }
                value = new TypedValue(b ? 1 : 0, 0, null, null);
                return true;
            case PgTypeKind.Uuid:
                if (!Guid.TryParse(text.AsSpan().Trim(), out var g))
                {
                    error = InvalidSyntax(type, text);
                    return false;
                }
                value = new TypedValue(0, 0, g.ToString("D"), null);
                return true;
            case PgTypeKind.Date or PgTypeKind.Timestamp or PgTypeKind.TimestampTz:
                if (!PgDateTimeText.TryParseTicks(text, type.Kind, out var ticks))
                {
                    error = InvalidSyntax(type, text);
                    return false;
                }
                value = new TypedValue(ticks, 0, null, null);
                return true;
            case PgTypeKind.Json or PgTypeKind.Jsonb:
                try
                {
                    using var document = JsonDocument.Parse(text);
                    value = new TypedValue(0, 0, null, document.RootElement.Clone());
                    return true;
                }
                catch (JsonException)
                {
                    error = InvalidSyntax(type, text);
                    return false;
                }
            case PgTypeKind.Array when type.Element is not null:
                if (!PgArrayText.TryParse(text, type.Delimiter, out var items))
                {
                    error = $"malformed array literal: \"{text}\"";
                    return false;
                }
                var converted = ConvertItems(type.Element, items, out error);
                if (converted is null) return false;
                value = new TypedValue(0, 0, null, converted);
                return true;
            case PgTypeKind.BpChar:
                value = new TypedValue(0, 0, text.TrimEnd(' '), null);
                return true;
            default:
                value = new TypedValue(0, 0, text, null);
                return true;
        }
    }

    private static List<TypedValue?>? ConvertItems(PgType element, List<PgArrayItem> items, out string? error)
    {
        error = null;
        var list = new List<TypedValue?>(items.Count);
        foreach (var item in items)
        {
            if (item.Children is not null)
            {
                var nested = ConvertItems(element, item.Children, out error);
                if (nested is null) return null;
                list.Add(new TypedValue(0, 0, null, nested));
            }
            else if (item.Text is null)
            {
                list.Add(null);
            }
            else if (TryConvert(element, item.Text, out var v, out error))
            {
                list.Add(v);
            }
            else
            {
                return null;
            }
        }
        return list;
    }

    /// <summary>True for the types that have ordering operators here.</summary>
    public static bool IsOrdered(PgType type) => type.Kind is not (PgTypeKind.Json or PgTypeKind.Jsonb or PgTypeKind.Array or PgTypeKind.Composite);

    public static int Compare(PgType type, in TypedValue a, in TypedValue b) => type.Kind switch
    {
        PgTypeKind.Integer or PgTypeKind.Oid or PgTypeKind.Bool or PgTypeKind.Date or PgTypeKind.Timestamp or PgTypeKind.TimestampTz => a.Int.CompareTo(b.Int),
        PgTypeKind.Float => CompareFloat(a.Float, b.Float),
        PgTypeKind.Numeric => NumericText.Compare(a.Text!, b.Text!),
        // Text compares by code point: the C collation AgentHub's embedded cluster uses.
        _ => string.CompareOrdinal(a.Text, b.Text),
    };

    /// <summary>PostgreSQL's float order: NaN equals NaN and sorts above everything (.NET puts it below); -0 equals 0.</summary>
    private static int CompareFloat(double a, double b)
    {
        if (double.IsNaN(a)) return double.IsNaN(b) ? 0 : 1;
        if (double.IsNaN(b)) return -1;
        return a == b ? 0 : a < b ? -1 : 1;
    }

    public static bool AreEqual(PgType type, in TypedValue a, in TypedValue b) => type.Kind switch
    {
        PgTypeKind.Json or PgTypeKind.Jsonb => JsonEquals((JsonElement)a.Structure!, (JsonElement)b.Structure!),
        PgTypeKind.Array => ListEquals(type.Element!, (List<TypedValue?>)a.Structure!, (List<TypedValue?>)b.Structure!),
        _ => Compare(type, a, b) == 0,
    };

    private static bool ListEquals(PgType element, List<TypedValue?> a, List<TypedValue?> b)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
        {
            var (x, y) = (a[i], b[i]);
            if (x is null || y is null)
            {
                // Array equality treats NULL elements as equal to each other (record_eq semantics).
                if (x is not null || y is not null) return false;
                continue;
            }
            var nested = x.Value.Structure is List<TypedValue?>;
            if (nested != y.Value.Structure is List<TypedValue?>) return false;
            if (nested ? !ListEquals(element, (List<TypedValue?>)x.Value.Structure!, (List<TypedValue?>)y.Value.Structure!) : !AreEqual(element, x.Value, y.Value)) return false;
        }
        return true;
    }

    /// <summary>jsonb equality: objects by key set, arrays in order, numbers by value.</summary>
    internal static bool JsonEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind) return false;
        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var count = 0;
                foreach (var property in a.EnumerateObject())
                {
                    count++;
                    if (!b.TryGetProperty(property.Name, out var other) || !JsonEquals(property.Value, other)) return false;
                }
                return count == b.EnumerateObject().Count();
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength()) return false;
                using (var x = a.EnumerateArray().GetEnumerator())
                using (var y = b.EnumerateArray().GetEnumerator())
                {
                    while (x.MoveNext() && y.MoveNext())
                    {
                        if (!JsonEquals(x.Current, y.Current)) return false;
                    }
                }
                return true;
            case JsonValueKind.Number:
                return NumericText.Normalize(a.GetRawText()) is { } m && NumericText.Normalize(b.GetRawText()) is { } n && NumericText.Compare(m, n) == 0;
            case JsonValueKind.String:
                return a.GetString() == b.GetString();
            default:
                return true;
        }
    }

    private static bool TryParseFloat(string text, out double value)
    {
        var s = text.AsSpan().Trim();
        if (s.Equals("NaN", StringComparison.OrdinalIgnoreCase)) value = double.NaN;
        else if (s.Equals("Infinity", StringComparison.OrdinalIgnoreCase) || s.Equals("+Infinity", StringComparison.OrdinalIgnoreCase) || s.Equals("inf", StringComparison.OrdinalIgnoreCase)) value = double.PositiveInfinity;
        else if (s.Equals("-Infinity", StringComparison.OrdinalIgnoreCase) || s.Equals("-inf", StringComparison.OrdinalIgnoreCase)) value = double.NegativeInfinity;
        else return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        return true;
    }

    /// <summary>PostgreSQL's boolin: true/false/yes/no/on/off/1/0 and their unique prefixes, any case.</summary>
    internal static bool TryParseBool(string text, out bool value)
    {
        var s = text.Trim().ToLowerInvariant();
        value = false;
        if (s.Length == 0) return false;
        if (s is "1" || (s.Length >= 1 && "true".StartsWith(s, StringComparison.Ordinal)) || "yes".StartsWith(s, StringComparison.Ordinal) || s == "on")
        {
            value = true;
            return true;
        }
        return s is "0" || "false".StartsWith(s, StringComparison.Ordinal) || "no".StartsWith(s, StringComparison.Ordinal) || s is "off" or "of";
    }

    private static string InvalidSyntax(PgType type, string text) => $"invalid input syntax for type {type.DisplayName}: \"{text}\"";
}
