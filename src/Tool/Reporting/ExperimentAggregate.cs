using Experiments.Schema;

namespace Experiments.Tool.Reporting;

/// <summary>A failed point as the failures table lists it.</summary>
public sealed record FailureRow(string Key, string Kind, string Message, int Attempts);

/// <summary>Everything a report shows about one experiment, gathered in one pass over its results file.</summary>
public sealed class ExperimentAggregate
{
    /// <summary>The failures table lists this many; the counts by kind cover them all.</summary>
    public const int MaxFailuresListed = 200;

    public required string ResultsPath { get; init; }

    /// <summary>What the points were read from, as the report names it: the results file's name, or <c>run &lt;id&gt;</c>.</summary>
    public required string From { get; init; }

    public required ResultsFileHeader Header { get; init; }

    public required IReadOnlyList<ReportAxis> Axes { get; init; }

    public required ResultFields Fields { get; init; }

    /// <summary>Grouped by every axis but the replicate axes: the aggregates table.</summary>
    public required GroupedStatistics Table { get; init; }

    public required FigureChoice Figure { get; init; }

    /// <summary>Grouped by the figure's axes; null when there is no figure.</summary>
    public required GroupedStatistics? FigureStatistics { get; init; }

    public long Succeeded { get; set; }

    public long Failed { get; set; }

    /// <summary>Points whose key is no longer in the grid: kept in the file, left out of every aggregate.</summary>
    public long Stale { get; set; }

    public Dictionary<string, long> FailuresByKind { get; } = new(StringComparer.Ordinal);

    public List<FailureRow> Failures { get; } = [];

    public string Experiment => Header.Experiment;

    /// <summary>The file name without <c>.results.json</c> (<c>PhaseTransition.Run</c>): names the figure files.</summary>
    public string Stem => Path.GetFileName(ResultsPath)[..^ResultsFile.Suffix.Length];

    public IReadOnlyList<ReportAxis> ReplicateAxes => Axes.Where(a => a.IsReplicate).ToArray();
}
