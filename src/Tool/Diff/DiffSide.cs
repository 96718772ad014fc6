using Experiments.Schema;

namespace Experiments.Tool.Diff;

/// <summary>
/// One side of a diff, read: how it is named and its points, or no points when the file did not exist there (every
/// point of the other side is then added or removed).
/// </summary>
public sealed record DiffSide(string Label, ResultsFile? File)
{
    public IEnumerable<ResultsFilePoint> Points => File?.Points ?? [];
}
