using NpgsqlTypes;

namespace AgentHub.Cdc;

/// <summary>
/// What the decoder hands the dispatcher: the events of one transaction (or a slice of a large one)
/// and, when the batch ends a transaction, the LSN to confirm once the consumer has returned.
/// </summary>
internal sealed record DecodedBatch(List<ChangeEvent> Events, NpgsqlLogSequenceNumber? AckLsn, DateTimeOffset? CommitTimestamp);
