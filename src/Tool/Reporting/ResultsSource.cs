using Experiments.Schema;

namespace Experiments.Tool.Reporting;

/// <summary>
/// One results file opened for a report, by streaming (<see cref="ResultsFileReader.Open"/>): its header at once, then
/// its points one at a time in file order, so a file of any size is reported in little memory. Every problem with
/// the file is a <see cref="ResultsFileFormatException"/> naming it and the line.
/// </summary>
public sealed class ResultsSource : IDisposable
{
    private readonly ResultsFileStream _stream;

    private ResultsSource(string path, string displayName, ResultsFileStream stream)
    {
        Path = path;
        DisplayName = displayName;
        _stream = stream;
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>How messages name the file.</summary>
    public string DisplayName { get; }

    public ResultsFileHeader Header => _stream.Header;

    public static ResultsSource Open(string path, string displayName)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{displayName} does not exist.", path);
        return new ResultsSource(path, displayName, ResultsFileReader.Open(path, displayName));
    }

    /// <summary>The points in file order; can be enumerated once.</summary>
    public IEnumerable<ResultsFilePoint> ReadPoints() => _stream.ReadPoints();

    public void Dispose() => _stream.Dispose();
}
