using System.Text.Json;

namespace AgentHub.Client.Realtime;

/// <summary>
/// Who is present on a channel: key → metas, kept from <c>presence_state</c> and <c>presence_diff</c>
/// the way the Supabase client does (metas identified by <c>phx_ref</c>; diffs before the state of
/// the current join are queued).
/// </summary>
public sealed class PresenceState
{
    private readonly Dictionary<string, List<JsonElement>> _state = new(StringComparer.Ordinal);
    private readonly List<JsonElement> _pendingDiffs = [];
    private bool _synced;
    private readonly Lock _gate = new();

    /// <summary>A copy of the current state: key → the metas (the tracked payloads plus phx_ref).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<JsonElement>> Snapshot()
    {
        lock (_gate) return _state.ToDictionary(e => e.Key, e => (IReadOnlyList<JsonElement>)e.Value.ToArray(), StringComparer.Ordinal);
    }

    internal void Reset()
    {
        lock (_gate)
        {
            _synced = false;
            _pendingDiffs.Clear();
        }
    }

    internal void ApplyState(JsonElement state)
    {
        lock (_gate)
        {
            _state.Clear();
            foreach (var entry in state.EnumerateObject())
            {
                if (entry.Value.TryGetProperty("metas", out var metas)) _state[entry.Name] = metas.EnumerateArray().Select(m => m.Clone()).ToList();
            }
            _synced = true;
            foreach (var diff in _pendingDiffs) ApplyDiffLocked(diff);
            _pendingDiffs.Clear();
        }
    }

    internal void ApplyDiff(JsonElement diff)
    {
        lock (_gate)
        {
            if (!_synced) _pendingDiffs.Add(diff.Clone());
            else ApplyDiffLocked(diff);
        }
    }

    private void ApplyDiffLocked(JsonElement diff)
    {
        if (diff.TryGetProperty("leaves", out var leaves))
        {
            foreach (var entry in leaves.EnumerateObject())
            {
                if (!_state.TryGetValue(entry.Name, out var metas)) continue;
                var gone = entry.Value.GetProperty("metas").EnumerateArray().Select(Ref).ToHashSet();
                metas.RemoveAll(m => gone.Contains(Ref(m)));
                if (metas.Count == 0) _state.Remove(entry.Name);
            }
        }
        if (diff.TryGetProperty("joins", out var joins))
        {
            foreach (var entry in joins.EnumerateObject())
            {
                if (!_state.TryGetValue(entry.Name, out var metas)) _state[entry.Name] = metas = [];
                foreach (var meta in entry.Value.GetProperty("metas").EnumerateArray())
                {
                    metas.RemoveAll(m => Ref(m) == Ref(meta));
                    metas.Add(meta.Clone());
                }
            }
        }
    }

    private static string? Ref(JsonElement meta) => meta.TryGetProperty("phx_ref", out var r) ? r.GetString() : null;
}
