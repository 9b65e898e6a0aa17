using System.Text.Json;
using Spectre.Console;

namespace AgentHub.Bench.Harness;

/// <summary>Prints results as a table and writes them, with the machine, as JSON.</summary>
internal static class ResultReport
{
    public static void Print(IReadOnlyList<BenchResult> results)
    {
        var notes = results.Any(r => r.Note is not null);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("suite", "scenario", "subject", "conc.", "ops", "ops/s", "p50 ms", "p95 ms", "p99 ms");
        if (notes) table.AddColumn("note");
        foreach (var r in results)
        {
            string Ms(double? v) => v is { } x ? x.ToString("0.00") : "";
            var cells = new List<string> { r.Suite, Markup.Escape(r.Scenario), Markup.Escape(r.Subject), r.Concurrency.ToString(), r.Operations.ToString(),
                r.Error is null ? r.PerSecond.ToString("N0") : $"[red]{Markup.Escape(r.Error)}[/]", Ms(r.P50Ms), Ms(r.P95Ms), Ms(r.P99Ms) };
            if (notes) cells.Add(Markup.Escape(r.Note ?? ""));
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);
    }

    public static string Write(string folder, string suite, IReadOnlyList<BenchResult> results)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{suite}.json");
        var document = new
        {
            suite,
            at = DateTimeOffset.UtcNow,
            machine = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, runtime = Environment.Version.ToString() },
            results = results.Select(r => new { r.Suite, r.Scenario, r.Subject, r.Concurrency, r.Operations, r.Seconds, perSecond = Math.Round(r.PerSecond, 1), r.P50Ms, r.P95Ms, r.P99Ms, r.Error, r.Note }),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
        return path;
    }
}
