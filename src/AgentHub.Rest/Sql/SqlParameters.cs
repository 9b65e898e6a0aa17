using System.Globalization;

namespace AgentHub.Rest.Sql;

/// <summary>The parameter list of one statement; <see cref="Add"/> returns the placeholder to write.</summary>
internal sealed class SqlParameters
{
    private readonly List<SqlParameter> _items = [];

    public IReadOnlyList<SqlParameter> Items => _items;

    public string Add(SqlParameterType type, object value)
    {
        _items.Add(new SqlParameter(type, value));
        return "$" + _items.Count.ToString(CultureInfo.InvariantCulture);
    }
}
