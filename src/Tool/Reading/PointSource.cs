using Experiments.Schema;

namespace Experiments.Tool.Reading;

/// <summary>
/// A results file read point by point through the streaming reader: its header at once, and its points enumerated
/// afresh (the file opened again) on every call, so a command that needs two passes (export learns its columns
/// first) holds one point at a time, whatever the file's size.
/// </summary>
public sealed class PointSource
{
    public PointSource(string path, string displayName)
    {
        Path = path;
        DisplayName = displayName;
        using var stream = Open();
        Header = stream.Header;
    }

    public string Path { get; }

    public string DisplayName { get; }

    public ResultsFileHeader Header { get; }

    public string Experiment => Header.Experiment;

    public IReadOnlyList<ManifestAxis> Axes => Header.Axes;

    public IEnumerable<ResultsFilePoint> Points()
    {
        using var stream = Open();
        using var points = stream.ReadPoints().GetEnumerator();
        while (true)
        {
            ResultsFilePoint point;
            try
            {
                if (!points.MoveNext())
                    yield break;
                point = points.Current;
            }
            catch (ResultsFileFormatException e)
            {
                throw ResultsFileLoading.Unreadable(e);
            }
            yield return point;
        }
    }

    private ResultsFileStream Open()
    {
        try
        {
            return ResultsFileReader.Open(Path, DisplayName);
        }
        catch (ResultsFileFormatException e)
        {
            throw ResultsFileLoading.Unreadable(e);
        }
        catch (FileNotFoundException)
        {
            throw new Errors.UserException($"The results file {DisplayName} does not exist.");
        }
    }
}
