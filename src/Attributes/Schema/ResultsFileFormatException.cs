namespace Experiments.Schema;

/// <summary>
/// A results file that cannot be read: the message names the file and, where known, the line — a merge conflict or a
/// hand edit is fixed in an editor, so that is what the user needs.
/// </summary>
public sealed class ResultsFileFormatException : FormatException
{
    public ResultsFileFormatException(string file, long? line, string problem, Exception? inner = null)
        : base(Describe(file, line, problem), inner)
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file as the reader was told to name it.</summary>
    public string File { get; }

    /// <summary>1-based line number, when the problem is at a known place.</summary>
    public long? Line { get; }

    public string Problem { get; }

    private static string Describe(string file, long? line, string problem) =>
        line is null ? $"{file}: {problem}" : $"{file}:{line}: {problem}";
}
