using Experiments.Tool.Errors;
using Experiments.Tool.Output;
using Experiments.Tool.Projects;
using Experiments.Tool.Reading;

namespace Experiments.Tool.Diff;

/// <summary>The options of <c>diff</c>, as parsed.</summary>
public sealed record DiffOptions(
    string? Project,
    IReadOnlyList<string> Experiments,
    string? From,
    string? To,
    string? Tolerance,
    string Format);

/// <summary>
/// <c>diff</c>: compares each named experiment's results file between two versions (by default the one committed at
/// HEAD and the working file) and prints what changed. Exits 0 when nothing differs and 1 when something does, so CI
/// can gate on it; usage mistakes exit 2. Needs no build: it reads results files only.
/// </summary>
public static class DiffHandler
{
    /// <summary>The exit code when the sides differ.</summary>
    public const int Differences = 1;

    public static async Task<int> DiffAsync(ToolConsole console, DiffOptions options, CancellationToken cancellationToken)
    {
        var option = options.Experiments.FirstOrDefault(e => e.StartsWith('-'));
        if (option is not null)
            throw new UserException($"Unrecognized option '{option}'. See 'dotnet experiment diff --help' for the valid ones.");
        var format = DiffFormats.Parse(options.Format);
        var tolerance = NumberTolerance.Parse(options.Tolerance);
        var projectDirectory = Path.GetDirectoryName(ProjectLocator.Locate(options.Project, Directory.GetCurrentDirectory()))!;
        var files = ResultsFileFinder.Find(projectDirectory, options.Experiments);

        var fromKind = await DiffSideResolver.ClassifyAsync("--from", options.From, projectDirectory, files.Count, cancellationToken);
        var toKind = await DiffSideResolver.ClassifyAsync("--to", options.To, projectDirectory, files.Count, cancellationToken);
        if (fromKind == SideKind.Default && !await GitRevisions.IsCommitAsync(projectDirectory, DiffSideResolver.DefaultFrom, cancellationToken))
        {
            throw new UserException(
                $"There is no commit to compare with: {projectDirectory} is not in a git repository with a HEAD commit.",
                ["Compare with another file instead: --from FILE."]);
        }

        var diffs = new List<ExperimentDiff>();
        foreach (var file in files)
        {
            var from = await DiffSideResolver.ReadAsync(fromKind, options.From, isFrom: true, projectDirectory, file, cancellationToken);
            var to = await DiffSideResolver.ReadAsync(toKind, options.To, isFrom: false, projectDirectory, file, cancellationToken);
            diffs.Add(ResultsDiffer.Compare(file.Experiment, file.RelativePath, from, to, tolerance));
        }

        DiffFormats.Write(format, console.Out.Profile.Out.Writer, diffs);
        return diffs.Any(d => d.HasChanges) ? Differences : ExitCodes.Success;
    }
}
