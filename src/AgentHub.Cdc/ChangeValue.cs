namespace AgentHub.Cdc;

/// <summary>
/// One column value of a captured row, kept in PostgreSQL's text form (what pgoutput sends); the
/// payload writer turns it into typed JSON and the filters parse it by the column type.
/// </summary>
public readonly record struct ChangeValue
{
    private ChangeValue(ChangeValueState state, string? text)
    {
        State = state;
        Text = text;
    }

    /// <summary>Whether the row has a value for the column, and whether it is NULL.</summary>
    public ChangeValueState State { get; }

    /// <summary>The value in PostgreSQL's text output form; null unless <see cref="State"/> is <see cref="ChangeValueState.Value"/>.</summary>
    public string? Text { get; }

    /// <summary>True when the row carries the column (as a value or as NULL).</summary>
    public bool IsPresent => State != ChangeValueState.Absent;

    /// <summary>The column is not in this row: a non-identity column of an old row, or an unchanged TOAST value nobody sent.</summary>
    public static ChangeValue Absent => default;

    /// <summary>SQL NULL.</summary>
    public static ChangeValue Null { get; } = new(ChangeValueState.Null, null);

    /// <summary>A non-null value in PostgreSQL's text form.</summary>
    public static ChangeValue Of(string text) => new(ChangeValueState.Value, text ?? throw new ArgumentNullException(nameof(text)));
}
