namespace AgentHub.Rest.Schema;

/// <summary>The "Perhaps you meant" suggestions of PGRST200/202/205: the closest name by edit distance.</summary>
internal static class FuzzyNames
{
    /// <summary>The candidate closest to <paramref name="name"/>, or null when none is close enough to help.</summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // Beyond roughly half the name's length a suggestion is noise rather than a typo fix.
        return best is not null && bestDistance <= Math.Max(2, name.Length / 2) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        if (a.Length > 128 || b.Length > 128)
        {
            return int.MaxValue;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
