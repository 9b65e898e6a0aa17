using System.Globalization;
using System.Text;
using System.Text.Json;
using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;
using AgentHub.Rest.Sql;

namespace AgentHub.Rest.Execution;

/// <summary>
/// Status and headers from the statement's result row (data-api.md §8.1, §10, §11, §14), and the
/// decision to roll back (singular cardinality, max-affected, <c>tx=rollback</c>).
/// </summary>
internal static class ResponseShaper
{
    public const string SingularContentType = "application/vnd.pgrst.object+json; charset=utf-8";
    public const string CsvContentType = "text/csv; charset=utf-8";

    public static (RestResponse Response, bool Rollback) Shape(RestPlan plan, RequestStatement statement, StatementRow row, long? planned, long? maxRows)
    {
        var context = plan.Context;
        var prefs = context.Preferences;
        var isWrite = statement.Kind is not (StatementKind.Read or StatementKind.Call);
        var singular = context.Accept.Kind == MediaKind.SingularJson && statement.Body != BodyKind.Scalar;
        if (singular && row.Page != 1)
        {
            return (ErrorResponses.From(new RestError(RestErrorCodes.Singularity, 406, "Cannot coerce the result to a single JSON object",
                $"The result contains {row.Page} rows")), true);
        }

        if (prefs.EffectiveMaxAffected is { } max && statement.Kind != StatementKind.Read && row.Page > max)
        {
            return (ErrorResponses.From(new RestError(RestErrorCodes.MaxAffectedViolation, 400, "Query result exceeds max-affected preference constraint",
                $"The query affects {row.Page} rows")), true);
        }

        var total = Total(plan.Count, isWrite, row, planned, maxRows);
        RestResponse response;
        if (isWrite)
        {
            response = WriteResponse(plan, statement, row, total);
        }
        else
        {
            var lower = statement.Offset;
            var upper = lower + row.Page - 1;
            if (total is { } t && lower > t)
            {
                var error = ErrorResponses.From(new RestError(RestErrorCodes.InvalidRange, 416, "Requested range not satisfiable",
                    $"An offset of {lower} was requested, but there are only {t} rows."));
                error.Header("Content-Range", ContentRange(lower, upper, total));
                return (error, false);
            }

            var status = statement.Kind == StatementKind.Call && statement.Body == BodyKind.None && context.Method != RestMethod.Head && row.Body is null
                ? 204
                : total is { } all && row.Page < all ? 206 : 200;
            response = new RestResponse(status).Header("Content-Range", ContentRange(lower, upper, total));
            if (status != 204)
            {
                SetBody(response, statement.Body, context.Accept, row.Body);
            }
        }

        var applied = Applied(prefs, statement.Kind);
        if (applied.Length > 0)
        {
            response.Header("Preference-Applied", applied);
        }

        ApplySettings(response, row);
        return (response, prefs.Transaction == TransactionPreference.Rollback);
    }

    public static string ContentRange(long lower, long upper, long? total)
    {
        var range = total != 0 && lower <= upper
            ? lower.ToString(CultureInfo.InvariantCulture) + "-" + upper.ToString(CultureInfo.InvariantCulture)
            : "*";
        return range + "/" + (total is { } t ? t.ToString(CultureInfo.InvariantCulture) : "*");
    }

    private static long? Total(CountMode? mode, bool isWrite, StatementRow row, long? planned, long? maxRows) => mode switch
    {
        null => null,
        _ when isWrite => row.Page,
        CountMode.Planned => planned ?? row.Total,
        CountMode.Estimated when maxRows is { } max && row.Total > max => Math.Max(planned ?? 0, row.Total ?? 0),
        _ => row.Total,
    };

    private static RestResponse WriteResponse(RestPlan plan, RequestStatement statement, StatementRow row, long? total)
    {
        var mutation = (MutatePlan)plan;
        int status;
        string range;
        if (statement.Kind is StatementKind.Update)
        {
            status = mutation.Return == ReturnPreference.Representation ? 200 : 204;
            range = ContentRange(0, row.Page - 1, total);
        }
        else if (statement.Kind is StatementKind.Delete)
        {
            status = mutation.Return == ReturnPreference.Representation ? 200 : 204;
            range = ContentRange(1, 0, total);
        }
        else
        {
            var merged = mutation.Resolution == ResolutionPreference.MergeDuplicates && row.Inserted == 0 && row.Page > 0;
            status = merged ? 200 : 201;
            range = ContentRange(1, 0, total);
        }

        var response = new RestResponse(status).Header("Content-Range", range);
        if (statement.LocationColumns is { } keys && statement.Table is { } table && row.Page == 1 && row.Body is not null)
        {
            response.Header("Location", Location(table.Name.Name, keys, row.Body));
        }

        if (mutation.Return == ReturnPreference.Representation && status != 204)
        {
            SetBody(response, statement.Body, plan.Context.Accept, row.Body);
        }

        return response;
    }

    private static void SetBody(RestResponse response, BodyKind kind, MediaType accept, byte[]? body)
    {
        response.ContentType = kind switch
        {
            BodyKind.Singular => SingularContentType,
            BodyKind.Csv => CsvContentType,
            BodyKind.None when accept.Kind == MediaKind.SingularJson => SingularContentType,
            BodyKind.None when accept.Kind == MediaKind.Csv => CsvContentType,
            BodyKind.Text => accept.Mime + "; charset=utf-8",
            _ => ErrorResponses.JsonContentType,
        };
        response.Body = body ?? [];
    }

    /// <summary><c>/todos?id=eq.5</c> from the single inserted row's primary key.</summary>
    private static string Location(string table, IReadOnlyList<string> keys, byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var row = document.RootElement[0];
        var query = new StringBuilder("/").Append(Uri.EscapeDataString(table));
        for (var i = 0; i < keys.Count; i++)
        {
            var value = row.GetProperty(keys[i]);
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            query.Append(i == 0 ? '?' : '&').Append(Uri.EscapeDataString(keys[i])).Append("=eq.").Append(Uri.EscapeDataString(text));
        }

        return query.ToString();
    }

    private static string Applied(Preferences prefs, StatementKind kind)
    {
        var relevant = kind switch
        {
            StatementKind.Read => prefs with { Return = null, Resolution = null, Missing = null, SingleObjectParams = false },
            StatementKind.Call => prefs with { Return = null, Resolution = null, Missing = null },
            _ => prefs with { SingleObjectParams = false },
        };
        return relevant.AppliedHeaderValue();
    }

    /// <summary><c>response.status</c> and <c>response.headers</c> set by SQL override what was computed (§15.4).</summary>
    private static void ApplySettings(RestResponse response, StatementRow row)
    {
        if (row.StatusSetting is { } statusText && int.TryParse(statusText, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 100 and <= 599)
        {
            response.Status = status;
        }

        if (row.HeadersSetting is not { } headersText)
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(headersText);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return;
            }

            foreach (var entry in document.RootElement.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var header in entry.EnumerateObject())
                {
                    response.Headers.RemoveAll(h => string.Equals(h.Key, header.Name, StringComparison.OrdinalIgnoreCase));
                    response.Header(header.Name, header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText());
                }
            }
        }
        catch (JsonException)
        {
            // A malformed setting is ignored rather than failing a committed request.
        }
    }
}
