using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace AgentHub.Cdc;

/// <summary>
/// Remembers, in the database, how far the consumer has finished: the worker confirms every LSN to
/// PostgreSQL as soon as it is consumed, but PostgreSQL 15 writes a logical slot's confirmed position
/// to disk only when the slot's xmin moves, not at shutdown (PostgreSQL 17 does that). After the
/// cluster restarts (with the embedded cluster, every hub restart) the slot resumes from its last
/// saved position and transactions already delivered would be delivered again. The worker saves
/// its own position here (at most once a second, and when it stops) and starts the stream after it.
/// </summary>
/// <remarks>
/// The table is unlogged: saving writes no WAL (so nothing for the slot to decode, and no change event
/// even for a publication FOR ALL TABLES), and its rows survive a clean shutdown, which is the case
/// this is for; crash recovery empties it, and the slot's own position (at least once) applies.
/// A saved position is used only when it lies between the slot's confirmed position and the
/// current end of WAL: a slot dropped and created again starts past any old row, and a re-created
/// cluster starts with an empty table. Without the right to create the table the worker runs as
/// before (at least once across restarts, never losing anything), and says so once.
/// </remarks>
internal sealed class DeliveredPositionStore(string slotName, ILogger logger)
{
    private const string Ensure = """
        create schema if not exists agenthub_meta;
        create unlogged table if not exists agenthub_meta.cdc_positions (
          slot_name text primary key,
          delivered_lsn pg_lsn not null,
          saved_at timestamptz not null default now())
        """;

    private const string Load = """
        select p.delivered_lsn from agenthub_meta.cdc_positions p join pg_replication_slots s on s.slot_name = p.slot_name
         where p.slot_name = $1 and p.delivered_lsn > s.confirmed_flush_lsn and p.delivered_lsn <= pg_current_wal_lsn()
        """;

    private const string Save = """
        insert into agenthub_meta.cdc_positions (slot_name, delivered_lsn) values ($1, $2)
        on conflict (slot_name) do update set delivered_lsn = greatest(cdc_positions.delivered_lsn, excluded.delivered_lsn), saved_at = now()
        """;

    private bool _enabled = true;
    private NpgsqlLogSequenceNumber _saved;

    /// <summary>Creates the table if needed and returns the saved position worth starting from, if any.</summary>
    public async Task<NpgsqlLogSequenceNumber?> LoadAsync(NpgsqlConnection control, CancellationToken cancellationToken)
    {
        try
        {
            await using (var ensure = new NpgsqlCommand(Ensure, control))
            {
                await ensure.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using var load = new NpgsqlCommand(Load, control) { Parameters = { new() { Value = slotName } } };
            var value = await load.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (value is NpgsqlLogSequenceNumber lsn)
            {
                _saved = lsn;
                return lsn;
            }
            return null;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            _enabled = false;
            LogMessages.PositionStoreUnavailable(logger, slotName, e.MessageText);
            return null;
        }
    }

    /// <summary>A slot created anew: whatever was saved belongs to another slot's history.</summary>
    public async Task ForgetAsync(NpgsqlConnection control, CancellationToken cancellationToken)
    {
        if (!_enabled) return;
        await using var command = new NpgsqlCommand("delete from agenthub_meta.cdc_positions where slot_name = $1", control) { Parameters = { new() { Value = slotName } } };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        _saved = default;
    }

    /// <summary>Saves <paramref name="lsn"/> if it is past what was saved last.</summary>
    public async Task SaveAsync(NpgsqlConnection control, NpgsqlLogSequenceNumber lsn, CancellationToken cancellationToken)
    {
        if (!_enabled || lsn <= _saved) return;
        await using var command = new NpgsqlCommand(Save, control)
        {
            Parameters = { new() { Value = slotName }, new() { Value = lsn, NpgsqlDbType = NpgsqlDbType.PgLsn } },
        };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        _saved = lsn;
    }
}
