using System.Globalization;
using System.Text;

namespace Benchmarks.CloudSubmission;

/// <summary>The figures as a Markdown table for tests/Benchmarks/README.md.</summary>
internal static class ResultsTable
{
    public static string Markdown(int points, long planBytes, IReadOnlyList<(ISubmissionScenario Scenario, IReadOnlyList<Measurement> Measurements)> results)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{points:N0} one-point tasks per submission; plan.json {planBytes / 1024.0 / 1024.0:0.0} MiB; {results.FirstOrDefault().Measurements?.Count ?? 0} measured submissions per backend after one warm-up.");
        text.AppendLine();
        text.AppendLine("| Backend | Batch service | Jobs | Batch API calls | Object-store calls | Wall time [s] | Min [s] | Max [s] | Per task [µs] | Batch service busy [s] |");
        text.AppendLine("|:---|:---|---:|:---|:---|---:|---:|---:|---:|---:|");
        foreach (var (scenario, measurements) in results)
        {
            var seconds = measurements.Select(m => m.Wall.TotalSeconds).ToArray();
            var mean = seconds.Average();
            var sd = seconds.Length > 1 ? Math.Sqrt(seconds.Sum(s => (s - mean) * (s - mean)) / (seconds.Length - 1)) : 0;
            var first = measurements[0];
            var storage = first.Storage.Count == 0 ? $"not counted ({scenario.Store})" : Calls(first.Storage);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {scenario.Backend} | {scenario.Service} | {first.Jobs} | {Calls(first.Batch)}{Varied(measurements, m => m.Batch)} | {storage} | {mean:0.000} ± {sd:0.000} | {seconds.Min():0.000} | {seconds.Max():0.000} | {mean / points * 1e6:0.0} | {measurements.Average(m => m.BatchServiceTime.TotalSeconds):0.000} |");
        }
        return text.ToString();
    }

    private static string Calls(IReadOnlyList<Experiments.CloudEmulators.Hosting.RecordedRequest> requests) =>
        string.Join(", ", Measurement.ByOperation(requests).Select(o => $"{o.Calls:N0} {Short(o.Operation)}"));

    /// <summary>Google's operation ids are long (<c>batch.projects.locations.jobs.create</c>); the last two parts say it.</summary>
    private static string Short(string operation) =>
        operation.Split('.') is { Length: > 2 } parts ? string.Join('.', parts[^2..]) : operation;

    private static string Varied(IReadOnlyList<Measurement> measurements, Func<Measurement, IReadOnlyList<Experiments.CloudEmulators.Hosting.RecordedRequest>> select) =>
        measurements.Select(m => select(m).Count).Distinct().Count() == 1 ? "" : " (counts varied between runs)";
}
