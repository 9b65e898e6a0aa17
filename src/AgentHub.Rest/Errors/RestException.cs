namespace AgentHub.Rest.Errors;

/// <summary>
/// Carries a <see cref="RestError"/> out of the recursive-descent parsers. It is thrown only inside
/// this assembly and caught at one boundary (<see cref="RestRequestParser"/>), which turns it into a
/// failed <see cref="RestResult{T}"/>; callers never see it.
/// </summary>
/// <remarks>
/// Why an exception inside and a result outside: the grammar nests (select trees, logic trees,
/// in-lists inside logic trees), and threading a result through every level would double the
/// parser code. Errors are the cold path (one throw per bad request, ~20 µs), so the cost is fine.
/// </remarks>
internal sealed class RestException : Exception
{
    public RestException(RestError error)
        : base(error.Message)
    {
        Error = error;
    }

    public RestError Error { get; }
}
