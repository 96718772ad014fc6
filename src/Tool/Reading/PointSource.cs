using Experiments.Schema;

namespace Experiments.Tool.Reading;

/// <summary>
/// A results file read point by point: its header's experiment and axes, and its points enumerated afresh on every
/// call, so a command that needs two passes (export learns its columns first) never holds all points at once.
/// </summary>
public sealed class PointSource(string path, string displayName)
{
    private ResultsFile? _file;

    public string Path { get; } = path;

    public string DisplayName { get; } = displayName;

    public string Experiment => File.Experiment;

    public IReadOnlyList<ManifestAxis> Axes => File.Axes;

    public IEnumerable<ResultsFilePoint> Points() => File.Points;

    private ResultsFile File => _file ??= ResultsFileLoading.Load(Path, DisplayName);
}
