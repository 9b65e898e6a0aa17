namespace AgentHub.Protocol.Phoenix;

/// <summary>A rejected frame: a stable <see cref="Code"/> plus a human-readable message for logs.</summary>
/// <remarks>
/// The message never echoes payload content (it may carry tokens), only positions, lengths and limits.
/// </remarks>
public readonly struct PhoenixParseError : IEquatable<PhoenixParseError>
{
    private readonly string? _message;

    /// <summary>Creates an error.</summary>
    public PhoenixParseError(PhoenixParseErrorCode code, string message)
    {
        Code = code;
        _message = message;
    }

    /// <summary>The stable error code.</summary>
    public PhoenixParseErrorCode Code { get; }

    /// <summary>What was wrong, for logs; not a stable contract.</summary>
    public string Message => _message ?? string.Empty;

    /// <inheritdoc/>
    public bool Equals(PhoenixParseError other) => Code == other.Code && Message == other.Message;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PhoenixParseError other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Code, Message);

    /// <inheritdoc/>
    public override string ToString() => $"{Code}: {Message}";

    /// <summary>Equality of code and message.</summary>
    public static bool operator ==(PhoenixParseError left, PhoenixParseError right) => left.Equals(right);

    /// <summary>Inequality of code or message.</summary>
    public static bool operator !=(PhoenixParseError left, PhoenixParseError right) => !left.Equals(right);
}
