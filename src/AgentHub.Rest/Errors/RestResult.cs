using System.Diagnostics.CodeAnalysis;

namespace AgentHub.Rest.Errors;

/// <summary>Outcome of a parse: either a value or the PostgREST error to answer with.</summary>
internal readonly struct RestResult<T>
    where T : class
{
    private RestResult(T? value, RestError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public RestError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static RestResult<T> Success(T value) => new(value, null);

    public static RestResult<T> Failure(RestError error) => new(null, error);

    public static implicit operator RestResult<T>(T value) => Success(value);

    public static implicit operator RestResult<T>(RestError error) => Failure(error);

    public override string ToString() => IsSuccess ? Value.ToString() ?? "" : Error.ToString();
}
