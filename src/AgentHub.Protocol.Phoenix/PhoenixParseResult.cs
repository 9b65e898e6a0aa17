using System.Diagnostics.CodeAnalysis;

namespace AgentHub.Protocol.Phoenix;

/// <summary>
/// The outcome of parsing one frame: either a message (<see cref="IsSuccess"/>) or a
/// <see cref="PhoenixParseError"/>. Malformed input is reported here; parsers do not throw for it.
/// </summary>
/// <typeparam name="T">The parsed message type.</typeparam>
public readonly struct PhoenixParseResult<T>
    where T : class
{
    private PhoenixParseResult(T? value, PhoenixParseError error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The parsed message; null on failure.</summary>
    public T? Value { get; }

    /// <summary>The failure; <see cref="PhoenixParseErrorCode.None"/> on success.</summary>
    public PhoenixParseError Error { get; }

    /// <summary>True when <see cref="Value"/> holds a message.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsSuccess => Value is not null;

    /// <summary>A successful result.</summary>
    public static PhoenixParseResult<T> Success(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value, default);
    }

    /// <summary>A failed result.</summary>
    public static PhoenixParseResult<T> Failure(PhoenixParseError error) => new(null, error);

    /// <summary>Wraps a message as a successful result.</summary>
    public static implicit operator PhoenixParseResult<T>(T value) => Success(value);

    /// <summary>Wraps an error as a failed result.</summary>
    public static implicit operator PhoenixParseResult<T>(PhoenixParseError error) => Failure(error);

    /// <inheritdoc/>
    public override string ToString() => IsSuccess ? $"Success: {Value}" : $"Failure: {Error}";
}
