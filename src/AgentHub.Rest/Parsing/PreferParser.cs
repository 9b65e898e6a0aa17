using System.Globalization;
using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Parsing;

/// <summary>
/// Parses the <c>Prefer</c> header (data-api.md §13, RFC 7240). Several <c>Prefer</c> headers are
/// joined with <c>", "</c> by the host before they get here.
/// </summary>
/// <remarks>
/// Tokens are comma-separated and trimmed; the first occurrence of a preference wins. Unknown tokens
/// are kept in <see cref="Preferences.Invalid"/> and rejected with PGRST122 only under
/// <c>handling=strict</c>. Empty tokens (<c>"a,,b"</c>, a trailing comma) are skipped rather than
/// reported. Token names are matched case-insensitively (RFC 7240 §2), values exactly.
/// </remarks>
internal static class PreferParser
{
    /// <param name="header">The (joined) header value, or <see langword="null"/>.</param>
    /// <param name="allowTransactionOverride">Whether <c>tx=commit|rollback</c> is honoured (PostgREST <c>db-tx-end</c>).</param>
    public static Preferences Parse(string? header, bool allowTransactionOverride)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return Preferences.None;
        }

        var prefs = Preferences.None;
        List<string>? invalid = null;
        foreach (var range in header.AsSpan().Split(','))
        {
            var token = header.AsSpan()[range].Trim();
            if (token.IsEmpty)
            {
                continue;
            }

            if (!TryApply(ref prefs, token, allowTransactionOverride))
            {
                (invalid ??= []).Add(token.ToString());
            }
        }

        if (invalid is not null)
        {
            prefs = prefs with { Invalid = ValueList.From(invalid) };
            if (prefs.Handling == HandlingPreference.Strict)
            {
                throw new RestException(RestErrors.InvalidPreferences(invalid));
            }
        }

        return prefs;
    }

    private static bool TryApply(ref Preferences prefs, ReadOnlySpan<char> token, bool allowTransactionOverride)
    {
        var equals = token.IndexOf('=');
        if (equals <= 0)
        {
            return false;
        }

        var name = token[..equals].Trim();
        var value = token[(equals + 1)..].Trim();
        if (name.Equals("return", StringComparison.OrdinalIgnoreCase))
        {
            ReturnPreference? parsed = value switch
            {
                "minimal" => ReturnPreference.Minimal,
                "headers-only" => ReturnPreference.HeadersOnly,
                "representation" => ReturnPreference.Representation,
                _ => null,
            };
            prefs = prefs with { Return = prefs.Return ?? parsed };
            return parsed is not null;
        }

        if (name.Equals("count", StringComparison.OrdinalIgnoreCase))
        {
            CountMode? parsed = value switch
            {
                "exact" => CountMode.Exact,
                "planned" => CountMode.Planned,
                "estimated" => CountMode.Estimated,
                _ => null,
            };
            prefs = prefs with { Count = prefs.Count ?? parsed };
            return parsed is not null;
        }

        if (name.Equals("resolution", StringComparison.OrdinalIgnoreCase))
        {
            ResolutionPreference? parsed = value switch
            {
                "merge-duplicates" => ResolutionPreference.MergeDuplicates,
                "ignore-duplicates" => ResolutionPreference.IgnoreDuplicates,
                _ => null,
            };
            prefs = prefs with { Resolution = prefs.Resolution ?? parsed };
            return parsed is not null;
        }

        if (name.Equals("missing", StringComparison.OrdinalIgnoreCase))
        {
            MissingPreference? parsed = value switch
            {
                "default" => MissingPreference.Default,
                "null" => MissingPreference.Null,
                _ => null,
            };
            prefs = prefs with { Missing = prefs.Missing ?? parsed };
            return parsed is not null;
        }

        if (name.Equals("handling", StringComparison.OrdinalIgnoreCase))
        {
            HandlingPreference? parsed = value switch
            {
                "strict" => HandlingPreference.Strict,
                "lenient" => HandlingPreference.Lenient,
                _ => null,
            };
            prefs = prefs with { Handling = prefs.Handling ?? parsed };
            return parsed is not null;
        }

        if (name.Equals("tx", StringComparison.OrdinalIgnoreCase))
        {
            TransactionPreference? parsed = value switch
            {
                "commit" => TransactionPreference.Commit,
                "rollback" => TransactionPreference.Rollback,
                _ => null,
            };

            // A valid tx token the server does not honour is ignored, not invalid (PostgREST).
            if (allowTransactionOverride)
            {
                prefs = prefs with { Transaction = prefs.Transaction ?? parsed };
            }

            return parsed is not null;
        }

        if (name.Equals("params", StringComparison.OrdinalIgnoreCase))
        {
            if (value is not "single-object")
            {
                return false;
            }

            prefs = prefs with { SingleObjectParams = true };
            return true;
        }

        if (name.Equals("timezone", StringComparison.OrdinalIgnoreCase))
        {
            // Whether the zone exists is checked against pg_timezone_names by a later layer.
            if (value.IsEmpty)
            {
                return false;
            }

            prefs = prefs with { Timezone = prefs.Timezone ?? value.ToString() };
            return true;
        }

        if (name.Equals("max-affected", StringComparison.OrdinalIgnoreCase))
        {
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var max))
            {
                return false;
            }

            prefs = prefs with { MaxAffected = prefs.MaxAffected ?? max };
            return true;
        }

        return false;
    }
}
