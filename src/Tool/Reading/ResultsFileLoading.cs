using Experiments.Schema;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Reading;

/// <summary>Reading a results file through the schema's reader, with its format errors turned into messages a user acts on.</summary>
public static class ResultsFileLoading
{
    public static ResultsFile Load(string path, string displayName)
    {
        try
        {
            return ResultsFileReader.ReadIfExists(path, displayName)
                ?? throw new UserException($"The results file {displayName} does not exist.");
        }
        catch (ResultsFileFormatException e)
        {
            throw Unreadable(e);
        }
    }

    public static ResultsFile Parse(byte[] utf8, string displayName)
    {
        try
        {
            return ResultsFileReader.Parse(utf8, displayName);
        }
        catch (ResultsFileFormatException e)
        {
            throw Unreadable(e);
        }
    }

    public static UserException Unreadable(ResultsFileFormatException e) =>
        new($"The results file {e.Message}", ["Fix the file (a merge conflict or a hand edit?), or restore it with git."]);
}
