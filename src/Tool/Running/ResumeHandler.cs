using Experiments.Schema;
using Experiments.Backends;
using Experiments.Tool.Artifacts;
using Experiments.Tool.Backends;
using Experiments.Tool.Config;
using Experiments.Tool.Errors;
using Experiments.Tool.Journal;
using Experiments.Tool.Output;
using Experiments.Tool.Projects;
using Experiments.Tool.Recording;
using Experiments.Tool.Selection;

namespace Experiments.Tool.Running;

/// <summary>The options of <c>resume</c>, as parsed.</summary>
public sealed record ResumeOptions(
    string? Project, string? Configuration, string? RunId, int? Parallel, int? PointsPerTask, bool NoBuild = false,
    string? ArtifactsMaxSize = null, bool LeaveArtifacts = false);

/// <summary>
/// <c>resume [RUN]</c>: collect whatever an interrupted run left in its store (a killed tool never recorded it), then run,
/// as a new run, exactly the points of its plan that have no successful record — so no point is lost or run twice.
/// </summary>
public static class ResumeHandler
{
    public static async Task<int> ResumeAsync(ToolConsole console, ResumeOptions options, CancellationToken cancellationToken)
    {
        RunHandler.CheckCounts(options.Parallel, options.PointsPerTask);
        var projectFile = ProjectLocator.Locate(options.Project, Directory.GetCurrentDirectory());
        var journal = new RunJournal(Path.GetDirectoryName(projectFile)!);
        var previous = journal.Find(options.RunId);
        CheckResumable(previous);

        var project = await ProjectLoader.LoadAsync(console, projectFile, options.Configuration ?? previous.Configuration, options.NoBuild, cancellationToken);
        var settings = new BackendSettings(options.Parallel);
        var config = ExperimentsConfig.Load(project.ProjectDirectory, BackendCatalog.Names);
        var artifacts = ArtifactSettings.Resolve(config, options.ArtifactsMaxSize, options.LeaveArtifacts);
        await using var backend = await BackendCatalog.CreateAsync(previous.Backend, new BackendSetup(settings, config), cancellationToken);
        var previousSubmissions = journal.ReadSubmissions(previous.Id);
        await CheckNothingLeftRunningAsync(backend, previous, previousSubmissions, cancellationToken);
        var git = await GitInfo.ReadAsync(project.ProjectDirectory, cancellationToken);

        // 1. What the previous run finished, from its own store: the journal's word, not the results file's.
        var previousPlan = journal.ReadPlan(previous.Id);
        var previousManifest = journal.ReadManifest(previous.Id);
        var ledger = PointLedger.For(previousPlan, previousManifest);
        await RunStores.ReadAllAsync(backend, previousSubmissions, ledger, console.Warning, cancellationToken);
        if (previous.Status is RunStatus.Planned or RunStatus.Submitted)
            previous = await CollectUnrecordedAsync(console, project, journal, git, previous, ledger, backend, previousSubmissions, artifacts);

        // 2. What is left, mapped by key onto the current grid (the code may have changed since).
        var (selections, dropped) = Remaining(previousPlan, previousManifest, ledger, project);
        if (dropped > 0)
            console.Warning($"{dropped} point{(dropped == 1 ? "" : "s")} of run {previous.Id} no longer exist in the grid and will not run.");
        if (selections.Count == 0)
        {
            console.Line($"Every point of run {previous.Id} that still exists has succeeded; nothing to resume.");
            if (previous.Status != RunStatus.Recorded)
                journal.Save(previous with { Status = RunStatus.Recorded });
            return ExitCodes.Success;
        }

        // 3. A new run for the rest; the previous one points to it.
        var typical = RunPlanning.TypicalDurations(project, selections.Select(s => s.Experiment));
        var startedAt = DateTimeOffset.UtcNow;
        var runId = RunId.New(startedAt);
        var plan = RunPlanning.Plan(runId, selections, backend, typical, options.PointsPerTask);
        var run = RunHandler.Planned(runId, startedAt, backend.Name, plan, previous.Message, project.Configuration, git) with
        {
            Resumes = previous.Id,
        };
        journal.Create(run, plan, project.ManifestText);
        journal.Save(previous with { Status = RunStatus.Resumed, ResumedBy = runId });
        console.Line($"Run {runId} resumes {previous.Id}: {plan.PointCount} point{(plan.PointCount == 1 ? "" : "s")} left, in {plan.Tasks.Count} task{(plan.Tasks.Count == 1 ? "" : "s")} on the {backend.Name} backend.");
        return await RunExecutor.ExecuteAsync(new RunContext(console, project, journal, backend, run, plan, git, artifacts), RunHandler.Display(console), cancellationToken);
    }

    private static void CheckResumable(RunInfo run)
    {
        if (run.Status == RunStatus.Resumed)
        {
            throw new UserException(
                $"Run {run.Id} was already resumed by run {run.ResumedBy}; resume that one instead: dotnet experiment resume {run.ResumedBy}");
        }
        if (RunLiveness.IsAlive(run))
        {
            throw new UserException(
                $"Run {run.Id} is still running (dotnet experiment, process {run.ToolProcessId}). Wait for it, or stop it with Ctrl+C, then resume.");
        }
    }

    /// <summary>
    /// A run whose tool was stopped may still have tasks on a cluster or in the cloud (they do not die with the tool),
    /// or local workers still stopping; resuming now would run their points twice.
    /// </summary>
    private static async Task CheckNothingLeftRunningAsync(
        IExperimentBackend backend, RunInfo run, IReadOnlyList<Submission> submissions, CancellationToken cancellationToken)
    {
        var live = 0;
        foreach (var status in await backend.PollAllAsync(submissions, cancellationToken))
        {
            if (!status.Finished)
                live += status.Count(TaskState.Pending) + status.Count(TaskState.Running) + status.Count(TaskState.Held) + status.Count(TaskState.Unknown);
        }
        if (live > 0)
        {
            throw new UserException(
                $"Run {run.Id} still has {live} task{(live == 1 ? "" : "s")} queued or running on the {backend.Name} backend; resuming now would run their points twice.",
                [$"Follow them with: dotnet experiment status {run.Id}", $"or stop them with: dotnet experiment cancel {run.Id}, then resume."]);
        }
    }

    /// <summary>Records a run that never got to record itself (the tool was killed), so its finished points are not lost.</summary>
    private static async Task<RunInfo> CollectUnrecordedAsync(
        ToolConsole console, BuiltProject project, RunJournal journal, GitInfo? git, RunInfo run, PointLedger ledger,
        IExperimentBackend backend, IReadOnlyList<Submission> submissions, ArtifactSettings artifactSettings)
    {
        var outcomes = ledger.Outcomes().ToArray();
        var scrubber = PathScrubber.ForProject(project.OutputDirectory, project.ProjectDirectory, git?.Root);
        var ended = DateTimeOffset.UtcNow;
        IReadOnlyList<RecordedFile> files;
        try
        {
            files = new ResultsRecorder(project.ProjectDirectory, project.Manifest, scrubber)
                .Record(journal.ReadManifest(run.Id), RunContext.ResultsRun(run, ended), outcomes);
        }
        catch (ResultsFileRecordingException e)
        {
            throw RunExecutor.NotRecorded(run.Id, outcomes.Length, e);
        }
        var succeeded = outcomes.Count(o => o.Record.Status == PointStatus.Succeeded);
        run = run with
        {
            Status = RunStatus.Interrupted,
            EndedAt = ended,
            Counts = run.Counts with { Succeeded = succeeded, Failed = outcomes.Length - succeeded },
            ToolProcessId = null,
        };
        journal.Save(run);
        console.Line($"Collected interrupted run {run.Id}: {succeeded} succeeded, {outcomes.Length - succeeded} failed, {run.Counts.Missing} not finished.");
        foreach (var file in files)
            console.Line($"  recorded {file.Succeeded + file.Failed} point{(file.Succeeded + file.Failed == 1 ? "" : "s")} in {file.Path}");
        using var stores = new RunStores(backend, submissions);
        var artifacts = await new ArtifactCollector(console, project.ProjectDirectory, project.Manifest, artifactSettings)
            .CollectAsync(journal.DirectoryOf(run.Id), stores.Stores, outcomes, CancellationToken.None);
        foreach (var line in artifacts.SelectMany(ArtifactCollector.Describe))
            console.Line("  " + line);
        return run;
    }

    private static (IReadOnlyList<ExperimentSelection> Selections, long Dropped) Remaining(
        RunPlan plan, ManifestModel planManifest, PointLedger ledger, BuiltProject project)
    {
        var planned = Manifest.Descriptors(planManifest).ToDictionary(e => e.Name, StringComparer.Ordinal);
        var current = project.Experiments.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var remaining = new Dictionary<string, SortedSet<long>>(StringComparer.Ordinal);
        long dropped = 0;
        foreach (var task in plan.Tasks)
        {
            var name = plan.Experiments[task.Experiment].Name;
            foreach (var index in task.Points)
            {
                if (ledger.HasSucceeded(name, index))
                    continue;
                var now = planned.TryGetValue(name, out var then) && current.TryGetValue(name, out var grid)
                    ? grid.TryIndexOf(then.KeyOf(index))
                    : null;
                if (now is null)
                {
                    dropped++;
                    continue;
                }
                if (!remaining.TryGetValue(name, out var set))
                    remaining[name] = set = [];
                set.Add(now.Value);
            }
        }
        var selections = project.Experiments
            .Where(e => remaining.ContainsKey(e.Name))
            .Select(e => new ExperimentSelection(e, remaining[e.Name].ToArray()))
            .ToArray();
        return (selections, dropped);
    }
}
