using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace AgentHub.Cdc;

/// <summary>
/// Builds the one statement that tells, for one identity, which of a batch's rows it can SELECT
/// under row-level security: per table, the keys travel as parallel arrays and each row is looked
/// up by primary key; the statement returns the positions of the visible rows.
/// </summary>
/// <remarks>
/// <code>
/// select k.i from unnest($1::int4[], $2::text[]::"pg_catalog"."int8"[]) as k(i, p0)
///   where exists (select 1 from "public"."todos" as t where t."id" = k.p0)
/// union all ...
/// </code>
/// Identifiers come from the replication stream's relation metadata and the catalog, always quoted;
/// key values are parameters (text arrays), cast by their column's catalog type name.
/// </remarks>
internal static class VisibilityQuery
{
    /// <summary>Builds the command for the changes at <paramref name="positions"/> (all INSERT/UPDATE of tables with a primary key).</summary>
    public static NpgsqlBatchCommand Build(IReadOnlyList<ChangeEvent> changes, IReadOnlyList<int> positions)
    {
        var sql = new StringBuilder();
        var command = new NpgsqlBatchCommand();
        foreach (var group in positions.GroupBy(p => changes[p].Relation))
        {
            var relation = group.Key;
            var keys = relation.Columns.Select((c, i) => (Column: c, Index: i)).Where(c => c.Column.IsPrimaryKey).ToList();
            var rows = group.ToList();
            if (sql.Length > 0) sql.Append(" union all ");

            var first = command.Parameters.Count + 1;
            command.Parameters.Add(new NpgsqlParameter { Value = rows.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            foreach (var key in keys)
            {
                var values = rows.Select(p => changes[p].Record![key.Index].Text).ToArray();
                command.Parameters.Add(new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            }

            // The key arrays are cast as a whole, before unnest: the join clause is then a plain
            // column = column comparison, which is leakproof, so PostgreSQL may use it as an index
            // condition under the RLS security barrier. A cast inside the clause (text::int8) is not
            // leakproof and would force a sequential scan evaluating the policies on every row.
            sql.Append("select k.i from unnest($").Append(first).Append("::int4[]");
            for (var k = 0; k < keys.Count; k++)
            {
                var type = keys[k].Column.Type;
                sql.Append(", $").Append(first + 1 + k).Append("::text[]::").Append(Quote(type.Schema)).Append('.').Append(Quote(type.Name)).Append("[]");
            }
            sql.Append(") as k(i");
            for (var k = 0; k < keys.Count; k++) sql.Append(", p").Append(k);
            sql.Append(") where exists (select 1 from ").Append(Quote(relation.Schema)).Append('.').Append(Quote(relation.Table)).Append(" as t where ");
            for (var k = 0; k < keys.Count; k++)
            {
                if (k > 0) sql.Append(" and ");
                sql.Append("t.").Append(Quote(keys[k].Column.Name)).Append(" = k.p").Append(k);
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        return command;
    }

    /// <summary>The same statement for another identity: same text, same (shared, read-only) key arrays, new parameter objects.</summary>
    public static NpgsqlBatchCommand Copy(NpgsqlBatchCommand command)
    {
        var copy = new NpgsqlBatchCommand(command.CommandText);
        foreach (NpgsqlParameter parameter in command.Parameters) copy.Parameters.Add(new NpgsqlParameter { Value = parameter.Value, NpgsqlDbType = parameter.NpgsqlDbType });
        return copy;
    }

    /// <summary>True when <paramref name="change"/> can be looked up: every key value is present and not NULL, and the key types are known.</summary>
    public static bool CanLookUp(ChangeEvent change)
    {
        var columns = change.Relation.Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            if (!columns[i].IsPrimaryKey) continue;
            if (change.Record![i].State != ChangeValueState.Value || columns[i].Type.Schema.Length == 0) return false;
        }
        return true;
    }

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
