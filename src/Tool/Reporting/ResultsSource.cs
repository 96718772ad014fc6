using Experiments.Schema;

namespace Experiments.Tool.Reporting;

/// <summary>The header facts a report needs: which experiment, its axes, and the runs that produced its points.</summary>
public sealed record ReportHeader(string Experiment, IReadOnlyList<ManifestAxis> Axes, IReadOnlyList<ResultsFileRun> Runs);

/// <summary>
/// One results file opened for a report: its header, then its points one at a time in file order. Every problem with
/// the file is a <see cref="ResultsFileFormatException"/> naming it and the line.
/// </summary>
public sealed class ResultsSource : IDisposable
{
    private readonly ResultsFile _file;

    private ResultsSource(string path, string displayName, ResultsFile file)
    {
        Path = path;
        DisplayName = displayName;
        _file = file;
        Header = new ReportHeader(file.Experiment, file.Axes, file.Runs);
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>How messages name the file.</summary>
    public string DisplayName { get; }

    public ReportHeader Header { get; }

    public static ResultsSource Open(string path, string displayName)
    {
        var file = ResultsFileReader.ReadIfExists(path, displayName)
            ?? throw new FileNotFoundException($"{displayName} does not exist.", path);
        return new ResultsSource(path, displayName, file);
    }

    public IEnumerable<ResultsFilePoint> ReadPoints() => _file.Points;

    public void Dispose()
    {
    }
}
