using System.Text.Json;

namespace AgentHub.Cdc.Tests;

/// <summary>JSON comparison the way jsonb compares: object keys in any order, numbers by their exact text.</summary>
internal static class JsonAssert
{
    public static string? Difference(JsonElement expected, JsonElement actual, string path = "$")
    {
        if (expected.ValueKind != actual.ValueKind) return $"{path}: expected {expected.GetRawText()} but got {actual.GetRawText()}";
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedNames = expected.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
                var actualNames = actual.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
                if (!expectedNames.SequenceEqual(actualNames)) return $"{path}: expected keys [{string.Join(",", expectedNames)}] but got [{string.Join(",", actualNames)}]";
                foreach (var property in expected.EnumerateObject())
                {
                    if (Difference(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}") is { } d) return d;
                }
                return null;
            case JsonValueKind.Array:
                var e = expected.EnumerateArray().ToList();
                var a = actual.EnumerateArray().ToList();
                if (e.Count != a.Count) return $"{path}: expected {expected.GetRawText()} but got {actual.GetRawText()}";
                for (var i = 0; i < e.Count; i++)
                {
                    if (Difference(e[i], a[i], $"{path}[{i}]") is { } d) return d;
                }
                return null;
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString() ? null : $"{path}: expected {expected.GetRawText()} but got {actual.GetRawText()}";
            case JsonValueKind.Number:
                return expected.GetRawText() == actual.GetRawText() ? null : $"{path}: expected {expected.GetRawText()} but got {actual.GetRawText()}";
            default:
                return null;
        }
    }

    public static void Equal(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        if (Difference(e.RootElement, a.RootElement) is { } difference) Assert.Fail(difference + $"\nexpected: {expected}\nactual:   {actual}");
    }
}
