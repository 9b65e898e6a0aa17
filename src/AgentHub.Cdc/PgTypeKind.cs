namespace AgentHub.Cdc;

/// <summary>
/// The behaviour classes of PostgreSQL types that matter here. The JSON mapping follows
/// PostgreSQL's <c>jsonb_categorize_type</c> (looking through domains): numbers, booleans, json,
/// dates and timestamps, arrays and composites are typed; everything else is its text as a string.
/// </summary>
internal enum PgTypeKind
{
    /// <summary>Any other type: a JSON string of its text (enums, time, interval, inet, ranges, …).</summary>
    Other,
    Bool,
    /// <summary>int2, int4, int8.</summary>
    Integer,
    /// <summary>oid: an integer in filters, but a string in to_jsonb (PostgreSQL does not count it as numeric).</summary>
    Oid,
    /// <summary>float4, float8.</summary>
    Float,
    Numeric,
    /// <summary>text, varchar, name, "char".</summary>
    Text,
    /// <summary>char(n): trailing blanks do not count in comparisons.</summary>
    BpChar,
    Uuid,
    Date,
    Timestamp,
    TimestampTz,
    Json,
    Jsonb,
    Bytea,
    Array,
    Composite,
}
