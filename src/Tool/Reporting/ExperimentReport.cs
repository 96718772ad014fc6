namespace Experiments.Tool.Reporting;

/// <summary>One experiment's part of a report: its aggregates, the metric drawn and the figure (null when none).</summary>
public sealed record ExperimentReport(ExperimentAggregate Aggregate, ResultField? Metric, FigureImage? Figure)
{
    /// <summary>The aggregates table's file, beside the figures (every group, where the pages show the first ones).</summary>
    public string CsvFileName => $"{Aggregate.Stem}.aggregates.csv";

    /// <summary>Rows of <see cref="ExperimentAggregate.Table"/> that have points, in grid order.</summary>
    public IEnumerable<int> Groups()
    {
        var table = Aggregate.Table;
        for (var g = 0; g < table.GroupCount; g++)
        {
            if (table.HasPoints(g))
                yield return g;
        }
    }

    /// <summary>The commands a user runs to look into a failed point.</summary>
    public IReadOnlyList<string> FailureCommands(FailureRow failure) =>
    [
        $"dotnet experiment logs",
        $"dotnet experiment reproduce {Aggregate.Experiment} --point '{failure.Key}'",
    ];
}
