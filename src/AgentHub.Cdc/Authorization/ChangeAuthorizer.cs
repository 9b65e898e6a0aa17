using AgentHub.Auth.Tokens;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace AgentHub.Cdc;

/// <summary>
/// Decides which identities may see which changes (docs/realtime-protocol.md §6.6): table and
/// column privileges, and row-level security, checked in PostgreSQL itself, batched so the cost is
/// one catalog query per batch plus one query per distinct claims set (never per subscriber per row).
/// </summary>
/// <remarks>
/// <para>Per batch: one catalog query reads each table's RLS flag and, for each role involved, the
/// columns it may SELECT. Then, for each distinct identity (role + claims) that has INSERT/UPDATE
/// rows of RLS tables to check, one statement sets <c>role</c> and <c>request.jwt.claims</c> (as
/// PostgREST and Supabase do) and the next looks every such row up by primary key. The statements
/// of up to 100 identities travel in one transaction and one round trip, rolled back at the end:
/// the cost of a batch is then the lookups themselves, not a round trip per subscriber.</para>
/// <para>Rules: the service role sees everything (it bypasses RLS). A role that does not exist or
/// cannot SELECT any column sees nothing. DELETE is never RLS-checked (the row is gone), so its old
/// record is cut to the primary key on RLS tables. A table without RLS needs no lookup. A table
/// without a primary key cannot be looked up: its INSERT/UPDATE go out as the
/// <c>Error 400: Bad Request, no primary key</c> payload, which carries no row data (Supabase's
/// behaviour); a role that cannot SELECT the key gets <c>Error 401: Unauthorized</c>.</para>
/// <para>Failure isolation: if one identity's check fails (a policy raises, a timeout), the
/// identities checked before it keep their answers, its rows are re-checked one by one so only the
/// failing rows are hidden, and only from that identity, and the identities after it are checked in
/// a new round; the other identities are unaffected (Supabase issue #2093). Connection failures propagate, so the worker
/// redelivers the batch.</para>
/// <para>The lookup sees the table as it is now, not as of the change: a row deleted or changed
/// since may be hidden, as with Supabase's own check.</para>
/// <example>
/// <code>
/// var decisions = await authorizer.AuthorizeAsync(batch, distinctIdentities, ct);
/// var access = decisions[changeIndex, identityIndex];
/// if (access.Visibility != ChangeVisibility.Hidden) ChangePayloadWriter.Write(buffer, batch[changeIndex], access);
/// </code>
/// </example>
/// </remarks>
public sealed class ChangeAuthorizer
{
    // Both catalog statements drive from unnest() of their arrays and look each element up by index,
    // so the plan is good whatever the arrays hold: a prepared statement's generic plan (the
    // authorizer's pool prepares its repeating statements) cannot know how many elements "= any($1)"
    // has and would scan all of pg_attribute.
    private const string RelationQuery = "select k.oid, coalesce((select c.relrowsecurity from pg_class c where c.oid = k.oid), false) from unnest($1::oid[]) as k(oid)";

    // has_column_privilege by role OID: a role missing from pg_roles simply has no row (no error).
    private const string PrivilegeQuery = """
        select c.oid, r.rolname::text,
               coalesce(array_agg(a.attname::text order by a.attnum) filter (where has_column_privilege(r.oid, c.oid, a.attnum, 'SELECT')), '{}')
        from unnest($1::oid[]) as k(oid)
        join pg_class c on c.oid = k.oid
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        cross join (select ro.oid, ro.rolname from unnest($2::text[]) as n(name) join pg_roles ro on ro.rolname = n.name) r
        group by c.oid, r.rolname
        """;

    private const string SettingsSql = "select set_config('role', $1, true), set_config('request.jwt.claims', $2, true), set_config('statement_timeout', $3, true)";

    /// <summary>Identities checked per round trip; more go in further rounds.</summary>
    private const int MaxIdentitiesPerRound = 100;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ChangeAuthorizerOptions _options;
    private readonly string _checkTimeoutText;
    private readonly ILogger _logger;
    private long _queries;

    /// <summary>Creates an authorizer; <paramref name="dataSource"/> logs in as a role that is a member of the API roles (the hub's own login).</summary>
    public ChangeAuthorizer(NpgsqlDataSource dataSource, ChangeAuthorizerOptions? options = null, ILogger<ChangeAuthorizer>? logger = null)
    {
        _dataSource = dataSource;
        _options = options ?? new ChangeAuthorizerOptions();
        _checkTimeoutText = ((long)_options.CheckTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Statements run so far (catalog plus per-identity checks, fallbacks included): for tests and metrics.</summary>
    public long QueriesExecuted => Interlocked.Read(ref _queries);

    /// <summary>
    /// Decides, for every change and every identity, whether and how the change may be delivered.
    /// Pass each distinct identity once (identities with equal role and claims are merged anyway).
    /// </summary>
    public async Task<ChangeAuthorization> AuthorizeAsync(IReadOnlyList<ChangeEvent> changes, IReadOnlyList<VerifiedToken> identities, CancellationToken cancellationToken = default)
    {
        var result = new ChangeAuthorization(changes.Count, identities.Count);
        if (changes.Count == 0 || identities.Count == 0) return result;

        var groups = identities.Select((token, index) => (token, index))
            .GroupBy(x => (x.token.Role, x.token.ClaimsJson))
            .Select(g => new IdentityGroup(g.First().token, g.Select(x => x.index).ToArray()))
            .ToList();
        var needsCatalog = groups.Any(g => !g.Token.IsServiceRole) || changes.Any(c => c.Kind == ChangeKind.Delete);

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var catalog = needsCatalog
            ? await ReadCatalogAsync(connection, changes, groups, cancellationToken).ConfigureAwait(false)
            : new Catalog([], []);

        // What needs no lookup depends on the role only, not on the claims: decide once per role and
        // share the answer (and the list of rows to look up) between the role's identities.
        var byRole = new Dictionary<string, (ChangeAccess[] Access, List<int> Pending)>(StringComparer.Ordinal);
        var checks = new List<(IdentityGroup Group, List<int> Pending)>();
        foreach (var group in groups)
        {
            if (!byRole.TryGetValue(group.Token.Role, out var decided))
            {
                decided = (new ChangeAccess[changes.Count], []);
                for (var i = 0; i < changes.Count; i++)
                {
                    decided.Access[i] = Decide(changes[i], group.Token, catalog, out var needsLookup);
                    if (needsLookup) decided.Pending.Add(i);
                }
                byRole[group.Token.Role] = decided;
            }
            for (var i = 0; i < changes.Count; i++) group.Set(result, i, decided.Access[i]);
            if (decided.Pending.Count > 0) checks.Add((group, decided.Pending));
        }

        // Every identity's lookup in one round trip (a transaction that switches role and claims before
        // each identity's statement). A failing statement aborts the transaction: the identities before
        // it keep their answers, the failing one is handled alone (row by row if that can help), and
        // the identities after it go in the next round.
        // The first round also makes sure the batch's transactions are visible to new snapshots: their
        // commit records can be decoded a moment before the committing backends publish them, and a
        // lookup in that moment would miss rows that exist.
        var unconfirmed = checks.Count > 0 ? TransactionsToConfirm(changes, checks) : [];
        for (int next = 0, waits = 0; next < checks.Count;)
        {
            var confirm = unconfirmed.Length > 0 && waits < MaxVisibilityWaits ? unconfirmed : null;
            var (completed, failure, notYetVisible) = await LookUpManyAsync(connection, changes, checks, next, confirm, catalog, result, cancellationToken).ConfigureAwait(false);
            if (notYetVisible)
            {
                waits++;
                await Task.Delay(VisibilityWait, cancellationToken).ConfigureAwait(false);
                continue;
            }
            unconfirmed = [];
            next += completed;
            if (failure is null) continue;
            var (group, pending) = checks[next++];
            var visible = await RecheckAsync(connection, changes, pending, group.Token, failure, cancellationToken).ConfigureAwait(false);
            foreach (var i in pending)
            {
                if (visible.Contains(i)) group.Set(result, i, new ChangeAccess(ChangeVisibility.Visible, catalog.Columns(changes[i].Relation, group.Token.Role)));
            }
        }
        return result;
    }

    private static ChangeAccess Decide(ChangeEvent change, VerifiedToken token, Catalog catalog, out bool needsLookup)
    {
        needsLookup = false;
        var relation = change.Relation;
        var rowSecurity = catalog.RowSecurity.GetValueOrDefault(relation.Oid);
        if (token.IsServiceRole)
        {
            return new ChangeAccess(ChangeVisibility.Visible, null, change.Kind == ChangeKind.Delete && rowSecurity);
        }
        if (!catalog.Selectable.TryGetValue((relation.Oid, token.Role), out var selectable) || selectable.Count == 0)
        {
            return ChangeAccess.Hidden;
        }
        var columns = catalog.Columns(relation, token.Role);
        if (change.Kind == ChangeKind.Delete) return new ChangeAccess(ChangeVisibility.Visible, columns, rowSecurity);
        if (!relation.HasPrimaryKey) return new ChangeAccess(ChangeVisibility.NoPrimaryKey);
        if (relation.Columns.Any(c => c.IsPrimaryKey && !selectable.Contains(c.Name))) return new ChangeAccess(ChangeVisibility.Unauthorized);
        if (!rowSecurity) return new ChangeAccess(ChangeVisibility.Visible, columns);
        if (!VisibilityQuery.CanLookUp(change)) return ChangeAccess.Hidden;
        needsLookup = true;
        return ChangeAccess.Hidden;
    }

    private async Task<Catalog> ReadCatalogAsync(NpgsqlConnection connection, IReadOnlyList<ChangeEvent> changes, List<IdentityGroup> groups, CancellationToken cancellationToken)
    {
        var oids = changes.Select(c => c.Relation.Oid).Distinct().ToArray();
        var roles = groups.Where(g => !g.Token.IsServiceRole).Select(g => g.Token.Role).Distinct().ToArray();
        await using var batch = new NpgsqlBatch(connection);
        var relationCommand = new NpgsqlBatchCommand(RelationQuery);
        relationCommand.Parameters.Add(new NpgsqlParameter { Value = oids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Oid });
        batch.BatchCommands.Add(relationCommand);
        var privilegeCommand = new NpgsqlBatchCommand(PrivilegeQuery);
        privilegeCommand.Parameters.Add(new NpgsqlParameter { Value = oids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Oid });
        privilegeCommand.Parameters.Add(new NpgsqlParameter { Value = roles, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        batch.BatchCommands.Add(privilegeCommand);

        Interlocked.Increment(ref _queries);
        var rowSecurity = new Dictionary<uint, bool>();
        var selectable = new Dictionary<(uint, string), HashSet<string>>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) rowSecurity[reader.GetFieldValue<uint>(0)] = reader.GetBoolean(1);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            selectable[(reader.GetFieldValue<uint>(0), reader.GetString(1))] = reader.GetFieldValue<string[]>(2).ToHashSet(StringComparer.Ordinal);
        }
        return new Catalog(rowSecurity, selectable);
    }

    /// <summary>
    /// Runs the lookups of <c>checks[first..]</c> (at most <see cref="MaxIdentitiesPerRound"/>) in one
    /// transaction and one round trip, recording each identity's visible rows. Returns how many
    /// identities completed and, if the next one's statement failed, its error.
    /// </summary>
    private async Task<(int Completed, PostgresException? Failure, bool NotYetVisible)> LookUpManyAsync(
        NpgsqlConnection connection, IReadOnlyList<ChangeEvent> changes, List<(IdentityGroup Group, List<int> Pending)> checks, int first,
        long[]? confirmVisible, Catalog catalog, ChangeAuthorization result, CancellationToken cancellationToken)
    {
        var count = Math.Min(checks.Count - first, MaxIdentitiesPerRound);
        var completed = 0;
        var attempted = false;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            if (confirmVisible is not null)
            {
                var visibility = new NpgsqlBatchCommand(VisibleSql);
                visibility.Parameters.Add(new NpgsqlParameter { Value = confirmVisible, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
                batch.BatchCommands.Add(visibility);
            }

            NpgsqlBatchCommand? query = null;
            List<int>? queryRows = null;
            for (var k = 0; k < count; k++)
            {
                var (group, pending) = checks[first + k];
                batch.BatchCommands.Add(Settings(group.Token));
                // Identities of one role usually have the same rows to check: build that statement once.
                if (queryRows is null || (!ReferenceEquals(queryRows, pending) && !queryRows.SequenceEqual(pending)))
                {
                    query = VisibilityQuery.Build(changes, pending);
                    queryRows = pending;
                    batch.BatchCommands.Add(query);
                }
                else
                {
                    batch.BatchCommands.Add(VisibilityQuery.Copy(query!));
                }
            }

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (confirmVisible is not null)
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (!reader.GetBoolean(0)) return (0, null, true);
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            }
            attempted = true;
            for (var k = 0; k < count; k++)
            {
                var (group, pending) = checks[first + k];
                if (k > 0) await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                var visible = new HashSet<int>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) visible.Add(reader.GetInt32(0));
                foreach (var i in pending)
                {
                    if (visible.Contains(i)) group.Set(result, i, new ChangeAccess(ChangeVisibility.Visible, catalog.Columns(changes[i].Relation, group.Token.Role)));
                }
                completed++;
            }
            return (completed, null, false);
        }
        catch (PostgresException e) when (attempted || confirmVisible is null)
        {
            return (completed, e, false);
        }
        finally
        {
            if (attempted) Interlocked.Add(ref _queries, completed + (completed < count ? 1 : 0));
            // Nothing to keep; a policy with side effects leaves none either.
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// True when every given transaction (32-bit xids from the replication stream) is visible to a
    /// snapshot taken now. An xid is widened to 64 bits with the snapshot's epoch; one that lies more
    /// than 2^31 above the snapshot's xmax (mod 2^32) wrapped around and belongs to the previous epoch.
    /// An xid just above xmax is a transaction whose commit was decoded before the procarray knew it:
    /// same epoch, not yet visible, which is exactly what this check waits out.
    /// </summary>
    private const string VisibleSql = """
        select coalesce(bool_and(txid_visible_in_snapshot(
                 greatest(case when u.x - (s.xmax & 4294967295) > 2147483648
                               then (((s.xmax >> 32) - 1) << 32) | u.x
                               else ((s.xmax >> 32) << 32) | u.x end, 3), s.snap)), true)
        from unnest($1::int8[]) as u(x),
             (select snap, txid_snapshot_xmax(snap) as xmax from txid_current_snapshot() as snap) as s
        """;

    /// <summary>How long to wait, and how often at most, for decoded transactions to become visible.</summary>
    private static readonly TimeSpan VisibilityWait = TimeSpan.FromMilliseconds(2);

    private const int MaxVisibilityWaits = 100;

    /// <summary>The normal xids (3 and up) of the changes that need a lookup.</summary>
    private static long[] TransactionsToConfirm(IReadOnlyList<ChangeEvent> changes, List<(IdentityGroup Group, List<int> Pending)> checks)
    {
        var xids = new HashSet<long>();
        foreach (var (_, pending) in checks)
        {
            foreach (var i in pending)
            {
                if (changes[i].TransactionId >= 3) xids.Add(changes[i].TransactionId);
            }
        }
        return [.. xids];
    }

    /// <summary>After an identity's lookup failed: one by one, unless that cannot help.</summary>
    private async Task<HashSet<int>> RecheckAsync(NpgsqlConnection connection, IReadOnlyList<ChangeEvent> changes, List<int> positions, VerifiedToken token, PostgresException failure, CancellationToken cancellationToken)
    {
        LogMessages.IdentityCheckFailed(_logger, token.Role, positions.Count, failure.MessageText);
        // Role switching itself failed (membership), or the check ran out of time: every row would
        // fail the same way (or stall the stream once per row), so they are not retried one by one.
        if (positions.Count == 1 || failure.BatchCommand?.CommandText == SettingsSql || failure.SqlState == PostgresErrorCodes.QueryCanceled) return [];

        var visible = new HashSet<int>();
        foreach (var position in positions)
        {
            try
            {
                visible.UnionWith(await LookUpAsync(connection, changes, [position], token, cancellationToken).ConfigureAwait(false));
            }
            catch (PostgresException e)
            {
                LogMessages.EventCheckFailed(_logger, token.Role, changes[position].ToString(), e.MessageText);
            }
        }
        return visible;
    }

    private async Task<HashSet<int>> LookUpAsync(NpgsqlConnection connection, IReadOnlyList<ChangeEvent> changes, IReadOnlyList<int> positions, VerifiedToken token, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _queries);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            batch.BatchCommands.Add(Settings(token));
            batch.BatchCommands.Add(VisibilityQuery.Build(changes, positions));

            var visible = new HashSet<int>();
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) visible.Add(reader.GetInt32(0));
            }
            return visible;
        }
        finally
        {
            // Nothing to keep; a policy with side effects leaves none either.
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Switches the transaction to the identity: role, claims, and the time its check may take.</summary>
    private NpgsqlBatchCommand Settings(VerifiedToken token)
    {
        var settings = new NpgsqlBatchCommand(SettingsSql);
        settings.Parameters.Add(new NpgsqlParameter { Value = token.Role });
        settings.Parameters.Add(new NpgsqlParameter { Value = token.ClaimsJson });
        settings.Parameters.Add(new NpgsqlParameter { Value = _checkTimeoutText });
        return settings;
    }

    private sealed record Catalog(Dictionary<uint, bool> RowSecurity, Dictionary<(uint Oid, string Role), HashSet<string>> Selectable)
    {
        private readonly Dictionary<(ChangeRelation, string), ColumnMask?> _masks = [];

        /// <summary>The columns the role may SELECT as a mask; null when it may SELECT all of them.</summary>
        public ColumnMask? Columns(ChangeRelation relation, string role)
        {
            if (_masks.TryGetValue((relation, role), out var cached)) return cached;
            var names = Selectable.GetValueOrDefault((relation.Oid, role)) ?? [];
            var mask = ColumnMask.Of(relation, names);
            var result = mask.IsAll ? null : mask;
            _masks[(relation, role)] = result;
            return result;
        }
    }

    private sealed record IdentityGroup(VerifiedToken Token, int[] Indices)
    {
        public void Set(ChangeAuthorization result, int change, ChangeAccess access)
        {
            foreach (var i in Indices) result[change, i] = access;
        }
    }
}
