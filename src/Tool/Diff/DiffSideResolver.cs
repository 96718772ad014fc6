using Experiments.Tool.Errors;
using Experiments.Tool.Journal;
using Experiments.Tool.Reading;

namespace Experiments.Tool.Diff;

/// <summary>
/// Turns <c>--from</c> / <c>--to</c> into a side of one experiment's diff: a FILE (an existing path), or a git REV
/// (anything git resolves to a commit: <c>HEAD</c>, <c>HEAD~3</c>, a hash, a tag, a branch). Without the option the old
/// side is the file committed at <c>HEAD</c> and the new side the working file.
/// </summary>
public static class DiffSideResolver
{
    public const string DefaultFrom = "HEAD";
    public const string WorkingLabel = "working file";

    /// <summary>Checks a side's spec once, before any file is read; returns what it is.</summary>
    public static async Task<SideKind> ClassifyAsync(string option, string? spec, string projectDirectory, int experiments, CancellationToken cancellationToken)
    {
        if (spec is null)
            return SideKind.Default;
        if (File.Exists(Path.GetFullPath(spec)))
        {
            if (experiments > 1)
                throw new UserException($"{option} {spec} is one file, so it compares with one experiment; name that experiment.");
            return SideKind.File;
        }
        if (RunId.IsValid(spec) && Directory.Exists(new RunJournal(projectDirectory).DirectoryOf(spec)))
        {
            throw new UserException(
                $"{option} {spec} names a journaled run; diff reads results files at a git revision or a file path, not a run's journal.",
                ["Compare the results file as the run left it instead: git revisions (--from HEAD) or a copy of the file (--from FILE)."]);
        }
        if (await GitRevisions.IsCommitAsync(projectDirectory, spec, cancellationToken))
            return SideKind.Revision;
        throw new UserException(
            $"{option} '{spec}' is not an existing file and not a git revision of the repository at {projectDirectory}.",
            ["Give a revision git knows (HEAD, HEAD~1, a commit hash, a tag or branch) or the path of a results file."]);
    }

    public static async Task<DiffSide> ReadAsync(SideKind kind, string? spec, bool isFrom, FoundResultsFile file, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case SideKind.File:
                return new DiffSide(spec!, ResultsFileLoading.Load(Path.GetFullPath(spec!), spec!));
            case SideKind.Revision:
                return await AtRevisionAsync(spec!, file, cancellationToken);
            default:
                return isFrom
                    ? await AtRevisionAsync(DefaultFrom, file, cancellationToken)
                    : new DiffSide(WorkingLabel, ResultsFileLoading.Load(file.Path, file.RelativePath));
        }
    }

    private static async Task<DiffSide> AtRevisionAsync(string revision, FoundResultsFile file, CancellationToken cancellationToken)
    {
        var bytes = await GitRevisions.ShowAsync(file.Path, revision, cancellationToken);
        return new DiffSide(revision, bytes is null ? null : ResultsFileLoading.Parse(bytes, $"{revision}:{file.RelativePath}"));
    }
}

/// <summary>What a <c>--from</c> / <c>--to</c> value names.</summary>
public enum SideKind
{
    Default,
    File,
    Revision,
}
