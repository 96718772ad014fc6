using Experiments.Tool.Errors;
using Experiments.Tool.Journal;
using Experiments.Tool.Reading;

namespace Experiments.Tool.Diff;

/// <summary>
/// Turns <c>--from</c> / <c>--to</c> into a side of one experiment's diff: a FILE (an existing path), a RUN (a run id
/// in the journal, or a unique prefix of one: what the run produced), or a git REV (anything git resolves to a commit:
/// <c>HEAD</c>, <c>HEAD~3</c>, a hash, a tag, a branch). Without the option the old
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
        if (IsRun(spec, projectDirectory))
            return SideKind.Run;
        if (await GitRevisions.IsCommitAsync(projectDirectory, spec, cancellationToken))
            return SideKind.Revision;
        throw new UserException(
            $"{option} '{spec}' is not an existing file and not a git revision of the repository at {projectDirectory}.",
            ["Give a revision git knows (HEAD, HEAD~1, a commit hash, a tag or branch) or the path of a results file."]);
    }

    public static async Task<DiffSide> ReadAsync(
        SideKind kind, string? spec, bool isFrom, string projectDirectory, FoundResultsFile file, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case SideKind.File:
                return FromFile(spec!, Path.GetFullPath(spec!), spec!);
            case SideKind.Revision:
                return await AtRevisionAsync(spec!, file, cancellationToken);
            case SideKind.Run:
                return await RunSide.ReadAsync(projectDirectory, spec!, file, cancellationToken);
            default:
                return isFrom
                    ? await AtRevisionAsync(DefaultFrom, file, cancellationToken)
                    : FromFile(WorkingLabel, file.Path, file.RelativePath);
        }
    }

    /// <summary>A run id of the journal, or a prefix of exactly one (as <c>status</c> and <c>resume</c> take them).</summary>
    private static bool IsRun(string spec, string projectDirectory)
    {
        var journal = new RunJournal(projectDirectory);
        if (spec.Length < 8 || !char.IsAsciiDigit(spec[0]) || !Directory.Exists(journal.RunsDirectory))
            return false;
        return Directory.GetDirectories(journal.RunsDirectory)
            .Select(Path.GetFileName)
            .Count(id => RunId.IsValid(id!) && id!.StartsWith(spec, StringComparison.Ordinal)) == 1;
    }

    private static async Task<DiffSide> AtRevisionAsync(string revision, FoundResultsFile file, CancellationToken cancellationToken)
    {
        var bytes = await GitRevisions.ShowAsync(file.Path, revision, cancellationToken);
        if (bytes is null)
            return DiffSide.Missing(revision);
        var read = ResultsFileLoading.Parse(bytes, $"{revision}:{file.RelativePath}");
        return new DiffSide(revision, read.Axes, read.Points);
    }

    private static DiffSide FromFile(string label, string path, string displayName)
    {
        var source = new PointSource(path, displayName);
        return new DiffSide(label, source.Axes, source.Points());
    }
}

/// <summary>What a <c>--from</c> / <c>--to</c> value names.</summary>
public enum SideKind
{
    Default,
    File,
    Run,
    Revision,
}
