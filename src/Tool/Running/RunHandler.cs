using Experiments.Tool.Artifacts;
using Experiments.Tool.Backends;
using Experiments.Tool.Config;
using Experiments.Tool.Errors;
using Experiments.Tool.Journal;
using Experiments.Tool.Output;
using Experiments.Tool.Progress;
using Experiments.Tool.Projects;
using Experiments.Tool.Recording;
using Experiments.Tool.Selection;

namespace Experiments.Tool.Running;

/// <summary>The options of <c>run</c>, as parsed.</summary>
public sealed record RunOptions(
    string? Project,
    string Configuration,
    IReadOnlyList<string> Experiments,
    IReadOnlyList<string> Where,
    IReadOnlyList<string> Points,
    string Backend,
    int? Parallel,
    int? PointsPerTask,
    string? Message,
    bool DryRun,
    bool NoBuild = false,
    bool NoLivePlot = false,
    string? ArtifactsMaxSize = null,
    bool LeaveArtifacts = false);

/// <summary><c>run</c>: check the arguments, build, select, plan, journal, and hand over to <see cref="RunExecutor"/>.</summary>
public static class RunHandler
{
    /// <summary>How often redirected output gets a progress line.</summary>
    public static readonly TimeSpan PlainProgressInterval = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(ToolConsole console, RunOptions options, CancellationToken cancellationToken)
    {
        // Everything that can be checked without the project is checked first: a typo should not cost a build.
        // An unknown option lands among the experiment names (they take any word); say what it is.
        var option = options.Experiments.FirstOrDefault(e => e.StartsWith('-'));
        if (option is not null)
            throw new UserException($"Unrecognized option '{option}'. See 'dotnet experiment run --help' for the valid ones.");
        var where = options.Where.Select(WhereClause.Parse).ToArray();
        var backendName = BackendCatalog.Validate(options.Backend);
        CheckCounts(options.Parallel, options.PointsPerTask);

        // The backend's settings and its cluster or service are checked before the build, for the same reason.
        var projectFile = ProjectLocator.Locate(options.Project, Directory.GetCurrentDirectory());
        var settings = new BackendSettings(options.Parallel);
        var config = ExperimentsConfig.Load(Path.GetDirectoryName(projectFile)!, BackendCatalog.Names);
        var artifacts = ArtifactSettings.Resolve(config, options.ArtifactsMaxSize, options.LeaveArtifacts);
        await using var backend = await BackendCatalog.CreateAsync(backendName, new BackendSetup(settings, config), cancellationToken);

        var project = await ProjectLoader.LoadAsync(console, projectFile, options.Configuration, options.NoBuild, cancellationToken);
        var selections = PointSelector.Select(project.Experiments, options.Experiments, where, options.Points);
        var typical = RunPlanning.TypicalDurations(project, selections.Select(s => s.Experiment));
        var startedAt = DateTimeOffset.UtcNow;
        var runId = RunId.New(startedAt);
        var plan = RunPlanning.Plan(runId, selections, backend, typical, options.PointsPerTask);
        if (options.DryRun)
        {
            PlanReport.Print(console, plan, backend, backend.Concurrency, typical);
            return ExitCodes.Success;
        }

        var git = await GitInfo.ReadAsync(project.ProjectDirectory, cancellationToken);
        var run = Planned(runId, startedAt, backend.Name, plan, options.Message, options.Configuration, git);
        var journal = new RunJournal(project.ProjectDirectory);
        journal.Create(run, plan, project.ManifestText);
        console.Line($"Run {runId}: {plan.PointCount} point{(plan.PointCount == 1 ? "" : "s")} of {plan.Experiments.Count} experiment{(plan.Experiments.Count == 1 ? "" : "s")} in {plan.Tasks.Count} task{(plan.Tasks.Count == 1 ? "" : "s")} on the {backend.Name} backend.");

        var context = new RunContext(console, project, journal, backend, run, plan, git, artifacts);
        var livePlot = options.NoLivePlot || !console.Interactive ? null : LiveHeatmap.For(plan, project.Manifest);
        return await RunExecutor.ExecuteAsync(context, Display(console, livePlot), cancellationToken);
    }

    /// <summary>The journal entry of a run about to be submitted, by this tool process.</summary>
    public static RunInfo Planned(
        string runId, DateTimeOffset startedAt, string backend, Experiments.Schema.RunPlan plan, string? message, string configuration, GitInfo? git) =>
        new()
        {
            Id = runId,
            Status = RunStatus.Planned,
            Backend = backend,
            StartedAt = startedAt,
            Message = message,
            Configuration = configuration,
            Experiments = plan.Experiments.Select(e => e.Name).ToArray(),
            GitCommit = git?.Commit,
            GitDirty = git?.Dirty,
            ToolVersion = ToolInfo.Version,
            ToolProcessId = Environment.ProcessId,
            MachineName = Environment.MachineName,
            Counts = new RunCounts(plan.PointCount, 0, 0),
        };

    /// <param name="livePlot">The heatmap a terminal's display draws as points end; null for none (<c>--no-live-plot</c>).</param>
    public static IProgressDisplay Display(ToolConsole console, LiveHeatmap? livePlot = null) =>
        console.Interactive ? new LiveProgressDisplay(console, livePlot) : new PlainProgressDisplay(console, PlainProgressInterval);

    public static void CheckCounts(int? parallel, int? pointsPerTask)
    {
        if (parallel is < 1)
            throw new UserException($"--parallel must be at least 1 (got {parallel}).");
        if (pointsPerTask is < 1)
            throw new UserException($"--points-per-task must be at least 1 (got {pointsPerTask}).");
    }
}
