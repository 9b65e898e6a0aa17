using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AgentHub.Realtime.PostgresChanges;

/// <summary>
/// The hub's <see cref="IPostgresChangesRegistry"/>: copy-on-write snapshots, so readers (the
/// change-capture dispatcher, once per change) never lock, and writers (joins and leaves) pay an
/// O(channels) copy, which is cheap next to the join itself.
/// </summary>
internal sealed class PostgresChangesRegistry(RealtimeMetrics metrics, ILogger logger) : IPostgresChangesRegistry
{
    private readonly Lock _sync = new();
    private Snapshot _snapshot = Snapshot.Empty;
    private IPostgresChangesBackend? _backend;

    public long Version => Volatile.Read(ref _snapshot).Version;

    public int Count => Volatile.Read(ref _snapshot).Subscriptions.Length;

    public IPostgresChangesBackend? Backend => Volatile.Read(ref _backend);

    public void AttachBackend(IPostgresChangesBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        Snapshot snapshot;
        lock (_sync)
        {
            if (_backend is not null)
            {
                throw new InvalidOperationException("A postgres_changes backend is already attached to this hub.");
            }

            Volatile.Write(ref _backend, backend);
            snapshot = _snapshot;
        }

        foreach (var channel in snapshot.Channels)
        {
            Notify(backend, channel, static (b, c) => b.Subscribe(c));
        }
    }

    public IReadOnlyList<PostgresChangesSubscription> GetSubscriptions(string schema, string table) =>
        Volatile.Read(ref _snapshot).ForTable(schema, table);

    public IReadOnlyList<PostgresChangesSubscription> GetAllSubscriptions() => Volatile.Read(ref _snapshot).Subscriptions;

    public IReadOnlyList<PostgresChangesChannel> GetChannels() => Volatile.Read(ref _snapshot).Channels;

    /// <summary>Registers a joined channel; returns false when no backend is attached (change capture not running).</summary>
    internal bool Add(PostgresChangesChannel channel)
    {
        IPostgresChangesBackend? backend;
        lock (_sync)
        {
            _snapshot = _snapshot.With([.. _snapshot.Channels, channel]);
            backend = _backend;
        }

        metrics.PostgresChangesSubscribed(channel.Subscriptions.Count);
        if (backend is null)
        {
            return false;
        }

        Notify(backend, channel, static (b, c) => b.Subscribe(c));
        return true;
    }

    internal void Remove(PostgresChangesChannel channel)
    {
        IPostgresChangesBackend? backend;
        lock (_sync)
        {
            var index = Array.IndexOf(_snapshot.Channels, channel);
            if (index < 0)
            {
                return;
            }

            _snapshot = _snapshot.With([.. _snapshot.Channels.AsSpan(0, index), .. _snapshot.Channels.AsSpan(index + 1)]);
            backend = _backend;
        }

        metrics.PostgresChangesSubscribed(-channel.Subscriptions.Count);
        if (backend is not null)
        {
            Notify(backend, channel, static (b, c) => b.Unsubscribe(c));
        }
    }

    internal void TokenChanged(PostgresChangesChannel channel)
    {
        if (Backend is { } backend)
        {
            Notify(backend, channel, static (b, c) => b.TokenChanged(c));
        }
    }

    private void Notify(IPostgresChangesBackend backend, PostgresChangesChannel channel, Action<IPostgresChangesBackend, PostgresChangesChannel> call)
    {
        // A faulty backend must not take the connection that happened to join down with it.
        try
        {
            call(backend, channel);
        }
        catch (Exception e)
        {
            Log.CdcBackendFailed(logger, channel.Topic, e);
        }
    }

    private sealed class Snapshot(long version, PostgresChangesChannel[] channels, PostgresChangesSubscription[] subscriptions)
    {
        public static readonly Snapshot Empty = new(0, [], []);

        // Filled on demand per (schema, table) the change stream actually touches; dropped with the snapshot.
        private readonly ConcurrentDictionary<(string Schema, string Table), PostgresChangesSubscription[]> _byTable = new();

        public long Version => version;

        public PostgresChangesChannel[] Channels => channels;

        public PostgresChangesSubscription[] Subscriptions => subscriptions;

        public Snapshot With(PostgresChangesChannel[] next) =>
            new(version + 1, next, [.. next.SelectMany(c => c.Subscriptions)]);

        public PostgresChangesSubscription[] ForTable(string schema, string table) =>
            _byTable.GetOrAdd((schema, table), static (key, all) => Array.FindAll(all, s => s.AppliesTo(key.Schema, key.Table)), subscriptions);
    }
}
