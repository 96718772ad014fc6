using System.Globalization;
using System.Text;

namespace Experiments.Tool.Reporting;

/// <summary>
/// Every group's aggregates as CSV (RFC 4180): the axis values, counts by status, and per field n and mean with the
/// standard deviation (numbers) or the Wilson 95 % interval (bools) — the full table the pages show the start of.
/// </summary>
public static class AggregatesCsvWriter
{
    public static void Write(ExperimentReport report, string path)
    {
        var aggregate = report.Aggregate;
        var table = aggregate.Table;
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        var header = table.Axes.Select(a => a.Name).Concat(["succeeded", "failed"]);
        foreach (var field in aggregate.Fields.All)
        {
            header = field.Kind == FieldKind.Bool
                ? header.Concat([$"{field.Name}.n", $"{field.Name}.rate", $"{field.Name}.low95", $"{field.Name}.high95"])
                : header.Concat([$"{field.Name}.n", $"{field.Name}.mean", $"{field.Name}.sd"]);
        }
        writer.Write(string.Join(",", header.Select(Quote)) + "\r\n");
        var cells = new List<string>();
        foreach (var group in report.Groups())
        {
            cells.Clear();
            for (var a = 0; a < table.Axes.Count; a++)
                cells.Add(Quote(table.Axes[a].Labels[table.ValueIndex(group, a)]));
            cells.Add(Invariant(table.Succeeded[group]));
            cells.Add(Invariant(table.Failed[group]));
            foreach (var field in aggregate.Fields.All)
            {
                var s = table.Statistic(field, group);
                cells.Add(Invariant(s.Count));
                if (field.Kind == FieldKind.Bool)
                {
                    var (low, high) = WilsonInterval.Of((long)Math.Round(s.Mean * s.Count), s.Count);
                    cells.AddRange([Real(s.Count > 0 ? s.Mean : double.NaN), Real(low), Real(high)]);
                }
                else
                {
                    cells.AddRange([Real(s.Count > 0 ? s.Mean : double.NaN), Real(s.StandardDeviation)]);
                }
            }
            writer.Write(string.Join(",", cells) + "\r\n");
        }
    }

    private static string Invariant(long n) => n.ToString(CultureInfo.InvariantCulture);

    // 12 significant digits: far beyond what an aggregate means, and short of the last bits that change with the order
    // the points were summed in, so a re-recorded file in another order does not churn the committed CSV.
    private static string Real(double x) => double.IsNaN(x) ? "" : x.ToString("G12", CultureInfo.InvariantCulture);

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
}
