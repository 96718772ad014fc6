using Experiments.Registry;

namespace Experiments.Tool.Selection;

/// <summary>The points of one experiment a command works on, as indexes into its current grid, ascending.</summary>
public sealed record ExperimentSelection(ExperimentDescriptor Experiment, IReadOnlyList<long> Points)
{
    public bool IsWholeGrid => Points.Count == Experiment.PointCount;
}
