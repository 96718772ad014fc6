using Experiments.Backends;
using Experiments.Schema;
using Experiments.Tool.Journal;
using Experiments.Tool.Output;
using Experiments.Tool.Projects;
using Experiments.Tool.Recording;

namespace Experiments.Tool.Running;

/// <summary>Everything <see cref="RunExecutor"/> needs to carry a planned, journaled run through to its results files.</summary>
/// <param name="Project">The current build (the app that runs, and the manifest that decides what is stale).</param>
/// <param name="Run">The run as journaled, status <see cref="RunStatus.Planned"/>.</param>
/// <param name="Plan">The run's plan, already in the journal.</param>
/// <param name="Git">The project's repository state at the start, when it is in one.</param>
/// <param name="Artifacts">Whether and how much of the points' artifacts to bring home; null for the defaults.</param>
public sealed record RunContext(
    ToolConsole Console,
    BuiltProject Project,
    RunJournal Journal,
    IExperimentBackend Backend,
    RunInfo Run,
    RunPlan Plan,
    GitInfo? Git,
    Artifacts.ArtifactSettings? Artifacts = null)
{
    public PathScrubber Scrubber => PathScrubber.ForProject(Project.OutputDirectory, Project.ProjectDirectory, Git?.Root);

    /// <summary>A run's provenance as results files record it (the run's own git state, from when it started).</summary>
    public static ResultsFileRun ResultsRun(RunInfo run, DateTimeOffset endedAt) => new(
        run.Id,
        run.PackageId,
        run.GitCommit,
        run.GitDirty,
        run.Backend,
        run.StartedAt,
        endedAt,
        run.Message,
        run.Resumes,
        ToolInfo.Version,
        ToolInfo.DotnetVersion,
        ToolInfo.OsDescription);
}
