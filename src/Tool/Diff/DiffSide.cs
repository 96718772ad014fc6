using Experiments.Schema;

namespace Experiments.Tool.Diff;

/// <summary>
/// One side of a diff: how it is named, its axes (null when the file did not exist there) and its points, enumerated
/// once — streamed from a file on disk, so the new side of a large file is never held whole. A side whose file did not
/// exist has no points: every point of the other side is then added or removed. A <paramref name="Partial"/> side (a
/// run) holds only some points: a point it lacks is neither added nor removed, and staleness is not compared.
/// </summary>
public sealed record DiffSide(string Label, IReadOnlyList<ManifestAxis>? Axes, IEnumerable<ResultsFilePoint> Points, bool Partial = false)
{
    public static DiffSide Missing(string label) => new(label, null, []);
}
