namespace AgentHub.Cdc;

/// <summary>The decisions of one <see cref="ChangeAuthorizer.AuthorizeAsync"/> call: one <see cref="ChangeAccess"/> per (change, identity).</summary>
public sealed class ChangeAuthorization
{
    private readonly ChangeAccess[] _access;

    internal ChangeAuthorization(int changes, int identities)
    {
        ChangeCount = changes;
        IdentityCount = identities;
        _access = new ChangeAccess[changes * identities];
    }

    /// <summary>The number of changes authorized.</summary>
    public int ChangeCount { get; }

    /// <summary>The number of identities authorized.</summary>
    public int IdentityCount { get; }

    /// <summary>The decision for change <paramref name="change"/> and identity <paramref name="identity"/> (indices into the lists given).</summary>
    public ChangeAccess this[int change, int identity]
    {
        get => _access[Index(change, identity)];
        internal set => _access[Index(change, identity)] = value;
    }

    private int Index(int change, int identity)
    {
        if ((uint)change >= (uint)ChangeCount) throw new ArgumentOutOfRangeException(nameof(change));
        if ((uint)identity >= (uint)IdentityCount) throw new ArgumentOutOfRangeException(nameof(identity));
        return change * IdentityCount + identity;
    }
}
