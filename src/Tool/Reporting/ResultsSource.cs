using Experiments.Schema;

namespace Experiments.Tool.Reporting;

/// <summary>
/// The points a report reads: a results file opened by streaming (<see cref="ResultsFileReader.Open"/>) — its header at
/// once, then its points one at a time in file order, so a file of any size is reported in little memory; every problem
/// with the file is a <see cref="ResultsFileFormatException"/> naming it and the line — or a run's outcomes read from
/// its journal before it is recorded.
/// </summary>
public sealed class ResultsSource : IDisposable
{
    private readonly Func<IEnumerable<ResultsFilePoint>> _points;
    private readonly IDisposable? _stream;

    private ResultsSource(string path, string displayName, ResultsFileHeader header, Func<IEnumerable<ResultsFilePoint>> points, IDisposable? stream)
    {
        Path = path;
        DisplayName = displayName;
        Header = header;
        _points = points;
        _stream = stream;
    }

    /// <summary>The results file's full path (for a run not yet recorded: where its results file will be).</summary>
    public string Path { get; }

    /// <summary>How messages name the source.</summary>
    public string DisplayName { get; }

    public ResultsFileHeader Header { get; }

    /// <summary>Whether the points are a run's outcomes from its journal rather than a results file's.</summary>
    public bool IsRun => _stream is null;

    public static ResultsSource Open(string path, string displayName)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{displayName} does not exist.", path);
        var stream = ResultsFileReader.Open(path, displayName);
        return new ResultsSource(path, displayName, stream.Header, stream.ReadPoints, stream);
    }

    /// <summary>Points already in hand, such as a run's outcomes from its journal.</summary>
    public static ResultsSource Of(string resultsPath, string displayName, ResultsFileHeader header, IReadOnlyList<ResultsFilePoint> points) =>
        new(resultsPath, displayName, header, () => points, null);

    /// <summary>The points in file order; can be enumerated once.</summary>
    public IEnumerable<ResultsFilePoint> ReadPoints() => _points();

    public void Dispose() => _stream?.Dispose();
}
