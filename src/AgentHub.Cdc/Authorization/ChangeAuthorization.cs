namespace AgentHub.Cdc;

/// <summary>The decisions of one <see cref="ChangeAuthorizer.AuthorizeAsync"/> call: one <see cref="ChangeAccess"/> per (change, identity).</summary>
public sealed class ChangeAuthorization
{
    // One row per change rather than one changes × identities block: a batch of a thousand changes
    // for a hundred subscribers would otherwise be a multi-megabyte array on the large object heap,
    // collected only by full (gen 2) collections.
    private readonly ChangeAccess[][] _access;

    internal ChangeAuthorization(int changes, int identities)
    {
        ChangeCount = changes;
        IdentityCount = identities;
        _access = new ChangeAccess[changes][];
        for (var i = 0; i < changes; i++) _access[i] = new ChangeAccess[identities];
    }

    /// <summary>The number of changes authorized.</summary>
    public int ChangeCount { get; }

    /// <summary>The number of identities authorized.</summary>
    public int IdentityCount { get; }

    /// <summary>The decision for change <paramref name="change"/> and identity <paramref name="identity"/> (indices into the lists given).</summary>
    public ChangeAccess this[int change, int identity]
    {
        get => _access[Check(change, identity)][identity];
        internal set => _access[Check(change, identity)][identity] = value;
    }

    private int Check(int change, int identity)
    {
        if ((uint)change >= (uint)ChangeCount) throw new ArgumentOutOfRangeException(nameof(change));
        if ((uint)identity >= (uint)IdentityCount) throw new ArgumentOutOfRangeException(nameof(identity));
        return change;
    }
}
