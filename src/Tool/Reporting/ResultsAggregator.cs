using System.Text.Json;
using Experiments.Schema;

namespace Experiments.Tool.Reporting;

/// <summary>
/// Reads a results file's points once, as they stream by, into counts, failures and the grouped statistics of the
/// tables and the figure. Holds one point at a time.
/// </summary>
public static class ResultsAggregator
{
    public static ExperimentAggregate Aggregate(ResultsSource source, FigureRequest request)
    {
        var axes = source.Header.Axes.Select((a, i) => new ReportAxis(a, i)).ToArray();
        var figure = FigureChoice.Choose(axes, request, source.Header.Experiment);
        var aggregate = new ExperimentAggregate
        {
            ResultsPath = source.Path,
            From = source.IsRun ? source.DisplayName : Path.GetFileName(source.Path),
            Header = source.Header,
            Axes = axes,
            Fields = new ResultFields(),
            Table = new GroupedStatistics(axes.Where(a => !a.IsReplicate).ToArray()),
            Figure = figure,
            FigureStatistics = figure.Kind == FigureKind.None ? null : new GroupedStatistics(figure.GroupAxes),
        };

        var indexes = new int[axes.Length];
        var values = new List<(ResultField, double)>();
        foreach (var point in source.ReadPoints())
        {
            if (point.Stale || !TryIndex(point.Parameters, axes, indexes))
            {
                aggregate.Stale++;
                continue;
            }
            if (point.IsSucceeded)
            {
                aggregate.Succeeded++;
                aggregate.Fields.Extract(point.Result, values);
            }
            else
            {
                aggregate.Failed++;
                values.Clear();
                RecordFailure(aggregate, point);
            }
            aggregate.Table.Add(indexes, point.IsSucceeded, values);
            aggregate.FigureStatistics?.Add(indexes, point.IsSucceeded, values);
        }
        return aggregate;
    }

    private static bool TryIndex(JsonElement parameters, ReportAxis[] axes, int[] indexes)
    {
        for (var i = 0; i < axes.Length; i++)
        {
            if (!parameters.TryGetProperty(axes[i].Name, out var value) || (indexes[i] = axes[i].IndexOf(value)) < 0)
                return false;
        }
        return true;
    }

    private static void RecordFailure(ExperimentAggregate aggregate, ResultsFilePoint point)
    {
        var kind = point.Error?.Kind ?? "unknown";
        aggregate.FailuresByKind[kind] = aggregate.FailuresByKind.GetValueOrDefault(kind) + 1;
        if (aggregate.Failures.Count < ExperimentAggregate.MaxFailuresListed)
        {
            var message = point.Error is { } error ? (error.Type is null ? error.Message : $"{error.Type}: {error.Message}") : "";
            aggregate.Failures.Add(new FailureRow(point.Key, kind, message, point.Attempts));
        }
    }
}
