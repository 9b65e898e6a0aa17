namespace AgentHub.Rest.Plan;

/// <summary>Full-text search operators and the tsquery constructor each one uses.</summary>
internal enum FtsOperator
{
    /// <summary><c>fts</c>: <c>to_tsquery</c>.</summary>
    Fts,
    /// <summary><c>plfts</c>: <c>plainto_tsquery</c>.</summary>
    Plain,
    /// <summary><c>phfts</c>: <c>phraseto_tsquery</c>.</summary>
    Phrase,
    /// <summary><c>wfts</c>: <c>websearch_to_tsquery</c>.</summary>
    Websearch,
}
