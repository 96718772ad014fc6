using Experiments.Schema;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Recording;

/// <summary>Where an experiment's results file is (beside its source file) and reading it with errors a user can act on.</summary>
public static class ResultsFiles
{
    public static string PathFor(string projectDirectory, ManifestExperiment experiment)
    {
        var sourceDirectory = Path.GetDirectoryName(experiment.Source.Replace('/', Path.DirectorySeparatorChar)) ?? "";
        return Path.GetFullPath(Path.Combine(projectDirectory, sourceDirectory, ResultsFile.FileNameFor(experiment.Type, experiment.Method)));
    }

    /// <summary>
    /// Checks the whole file by streaming (a file of any size) and returns its header, or null when there is none yet;
    /// a corrupt file is a <see cref="UserException"/> naming it and the line.
    /// </summary>
    public static ResultsFileHeader? Check(string projectDirectory, ManifestExperiment experiment)
    {
        var path = PathFor(projectDirectory, experiment);
        var displayName = Path.GetRelativePath(projectDirectory, path);
        if (Directory.Exists(path))
        {
            throw new UserException(
                $"The results file {displayName} is a folder, not a file.",
                ["Move the folder away (the results file is written there), and run again."]);
        }
        if (!File.Exists(path))
            return null;
        try
        {
            using var stream = ResultsFileReader.Open(path, displayName);
            stream.CheckPoints();
            return stream.Header;
        }
        catch (ResultsFileFormatException e)
        {
            throw new UserException(
                $"The results file {e.Message}",
                ["Fix the file (a merge conflict or a hand edit?), or restore it with git, and run again."]);
        }
    }

    /// <summary>The file, or null when the experiment has none yet; a corrupt file is a <see cref="UserException"/> naming it and the line.</summary>
    public static ResultsFile? Read(string projectDirectory, ManifestExperiment experiment)
    {
        var path = PathFor(projectDirectory, experiment);
        try
        {
            return ResultsFileReader.ReadIfExists(path, Path.GetRelativePath(projectDirectory, path));
        }
        catch (ResultsFileFormatException e)
        {
            throw new UserException(
                $"The results file {e.Message}",
                ["Fix the file (a merge conflict or a hand edit?), or restore it with git, and run again."]);
        }
    }
}
