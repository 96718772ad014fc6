using System.Diagnostics;
using Experiments.Backends;
using Experiments.Schema;
using Experiments.Tool.Artifacts;
using Experiments.Tool.Errors;
using Experiments.Tool.Journal;
using Experiments.Tool.Output;
using Experiments.Tool.Progress;
using Experiments.Tool.Recording;

namespace Experiments.Tool.Running;

/// <summary>
/// Carries a planned run through: prepare the package, submit (journaling each submission before the next step), follow
/// the records with a progress display, collect, and merge the outcomes into the results files. Ctrl+C cancels the
/// backend's tasks and still records what finished, so nothing done is lost and <c>resume</c> picks up the rest.
/// </summary>
public static class RunExecutor
{
    private static readonly TimeSpan FastPoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan SlowPoll = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CancelTimeLimit = TimeSpan.FromSeconds(30);

    /// <returns>The exit code: success only when every planned point succeeded.</returns>
    public static async Task<int> ExecuteAsync(RunContext context, IProgressDisplay display, CancellationToken cancellationToken)
    {
        var (console, project, journal, backend, run, plan, _, _) = context;
        var ledger = PointLedger.For(plan, project.Manifest);
        var submissions = new List<Submission>();
        using var stores = new RunStores(backend, []);
        var interrupted = false;
        UserException? failure = null;
        IReadOnlyList<SubmissionStatus>? finalStatuses = null;
        try
        {
            var package = await PrepareAsync(backend, project, console, cancellationToken);
            run = run with { PackageId = package.Id };
            journal.Save(run);
            await display.ShowAsync(async sink =>
            {
                await SubmitAsync(context, package, submissions, stores, cancellationToken);
                run = run with { Status = RunStatus.Submitted };
                journal.Save(run);
                finalStatuses = await FollowAsync(backend, submissions, stores, ledger, sink, Estimator(context), cancellationToken);
                return 0;
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
            console.ErrorLine("Stopping: cancelling the run's tasks and recording what finished…");
            await CancelAllAsync(backend, submissions, console);
        }
        catch (BackendUserException e)
        {
            // The backend gave up following the run (its service stopped answering): tasks may still run, so nothing is
            // cancelled; what finished is recorded, and resume (which first checks nothing is left running) does the rest.
            interrupted = true;
            failure = new UserException(e.Message, [.. e.Hints, $"Run the rest later with: dotnet experiment resume {run.Id}"], ExitCodes.BackendFailed);
        }
        catch (UserException e) when (e.ExitCode == ExitCodes.BackendFailed)
        {
            // What a failed submission's predecessors started is stopped, and what they finished is still recorded.
            interrupted = true;
            failure = e;
            await CancelAllAsync(backend, submissions, console);
        }

        // Records written just before the end (or the cancellation) are part of the run too.
        var (_, problems) = await stores.ReadIntoAsync(ledger, CancellationToken.None);
        foreach (var problem in problems)
            console.Warning(problem);
        if (finalStatuses is not null && SilentTasks.Describe(backend.Name, plan, submissions, finalStatuses, ledger) is { } silent)
            console.Warning(silent);
        var output = await FailureOutput.ReadAsync(backend, submissions, RunSummary.Listed(ledger.Outcomes()));
        var exitCode = await RecordAsync(context, run, ledger, stores, interrupted, output);
        if (failure is not null)
            throw failure;
        return exitCode;
    }

    private static async Task<PreparedPackage> PrepareAsync(IExperimentBackend backend, Projects.BuiltProject project, ToolConsole console, CancellationToken cancellationToken)
    {
        try
        {
            // Publishing and copying take seconds to minutes the first time; each step is a line, so it never looks hung.
            var request = new PackageRequest(project.OutputDirectory, project.Manifest.Assembly, project.ProjectFile, project.Configuration, console.Line);
            return await backend.PrepareAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new UserException($"The {backend.Name} backend could not prepare the app: {e.Message}", exitCode: ExitCodes.BackendFailed);
        }
    }

    /// <summary>Cancels every submission, whatever happens to the others, and warns of those not stopped: what finished is still recorded.</summary>
    private static async Task CancelAllAsync(IExperimentBackend backend, IReadOnlyList<Submission> submissions, ToolConsole console)
    {
        using var limit = new CancellationTokenSource(CancelTimeLimit);
        foreach (var submission in submissions)
        {
            try
            {
                await backend.CancelAsync(submission, limit.Token);
            }
            catch (Exception e)
            {
                console.Warning($"Could not cancel {string.Join(", ", submission.JobIds)} on the {backend.Name} backend: {e.Message}");
            }
        }
    }

    private static async Task SubmitAsync(
        RunContext context,
        PreparedPackage package,
        List<Submission> submissions,
        RunStores stores,
        CancellationToken cancellationToken)
    {
        var (_, _, journal, backend, run, plan, _, _) = context;
        var planPath = journal.PlanPath(run.Id);
        var runDirectory = journal.DirectoryOf(run.Id);
        var perSubmission = Math.Max(1, backend.Limits.MaxTasksPerSubmission);
        var resources = Schema.Manifest.Descriptors(journal.ReadManifest(run.Id)).ToDictionary(e => e.Name, e => e.Resources, StringComparer.Ordinal);
        for (var first = 0; first < plan.Tasks.Count; first += perSubmission)
        {
            var tasks = Enumerable.Range(first, Math.Min(perSubmission, plan.Tasks.Count - first)).ToArray();
            // Cancellable (Ctrl+C, or a login node that hangs): a backend takes back what a cancelled submission started,
            // since the journal would not know of it.
            Submission submission;
            try
            {
                submission = await backend.SubmitAsync(new SubmitRequest(package, plan, planPath, runDirectory, tasks, resources), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new UserException(
                    $"The {backend.Name} backend could not start tasks {tasks[0]}–{tasks[^1]} of run {run.Id}: {e.Message}",
                    [$"Fix the cause, then run the rest with: dotnet experiment resume {run.Id}"],
                    ExitCodes.BackendFailed);
            }
            submissions.Add(submission);
            journal.SaveSubmissions(run.Id, submissions);
            stores.Add(submission);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static async Task<IReadOnlyList<SubmissionStatus>> FollowAsync(
        IExperimentBackend backend,
        IReadOnlyList<Submission> submissions,
        RunStores stores,
        PointLedger ledger,
        IProgressSink sink,
        EtaEstimator? eta,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var delay = FastPoll;
        string? lastMessage = null;
        // Wakes the loop the moment the backend knows every submission ended (local workers exiting), so a short run
        // does not wait out a poll interval that grew while its workers started.
        var backendEnded = Task.WhenAll(submissions.Select(s => backend.EndedAsync(s, cancellationToken)));
        while (true)
        {
            // Poll before reading: once the backend says finished, the read that follows holds every record.
            var statuses = await backend.PollAllAsync(submissions, cancellationToken);
            var (records, problems) = await stores.ReadIntoAsync(ledger, cancellationToken);
            foreach (var problem in problems)
                sink.Note(problem);
            var message = statuses.Select(s => s.Message).FirstOrDefault(m => !string.IsNullOrEmpty(m));
            if (message is not null && message != lastMessage)
                sink.Note(message);
            lastMessage = message;
            var ended = ledger.TakeEnded();
            eta?.Ended(ended);
            sink.Ended(ended);
            sink.Report(new ProgressSnapshot(ledger.Planned, ledger.Succeeded, ledger.Failed, ledger.Running, clock.Elapsed, message, eta?.Remaining(clock.Elapsed)));
            if (statuses.All(s => s.Finished))
                return statuses;
            delay = records > 0 ? FastPoll : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, SlowPoll.Ticks));
            if (await Task.WhenAny(Task.Delay(delay, cancellationToken), backendEnded) == backendEnded)
                backendEnded = Task.Delay(Timeout.Infinite, cancellationToken); // woken once; polled from here on
        }
    }

    /// <summary>The ETA from the durations this machine recorded for the plan's points, when it has enough of them.</summary>
    private static EtaEstimator? Estimator(RunContext context)
    {
        var project = context.Project;
        return EtaEstimator.For(context.Plan, project.Experiments, name =>
            project.Manifest.Experiments.FirstOrDefault(e => e.Name == name) is { } experiment
                ? ResultsFileDurations.Read(ResultsFiles.PathFor(project.ProjectDirectory, experiment))
                : new Dictionary<string, double>());
    }

    /// <summary>What the user reads when the results file could not take the run's points: what is wrong, and that nothing is lost.</summary>
    public static UserException NotRecorded(string runId, int points, ResultsFileRecordingException e)
    {
        var written = e.Written.Select(f => $"Recorded meanwhile in {f.Path}: {f.Succeeded + f.Failed} point{(f.Succeeded + f.Failed == 1 ? "" : "s")}.");
        return new UserException(
            $"{e.Message}",
            [
                .. written,
                $"The {points} finished point{(points == 1 ? "" : "s")} of run {runId} are kept in its journal; nothing is lost.",
                $"Fix the file (a merge conflict? restore it with git), then record them with: dotnet experiment resume {runId}",
            ]);
    }

    private static async Task<int> RecordAsync(
        RunContext context, RunInfo run, PointLedger ledger, RunStores stores, bool interrupted,
        IReadOnlyDictionary<(string Experiment, string Key), IReadOnlyList<string>> output)
    {
        var (console, project, journal, _, _, plan, _, _) = context;
        var outcomes = ledger.Outcomes().ToArray();
        var recorder = new ResultsRecorder(project.ProjectDirectory, project.Manifest, context.Scrubber);
        var ended = DateTimeOffset.UtcNow;
        var planManifest = journal.ReadManifest(run.Id);
        IReadOnlyList<RecordedFile> files;
        try
        {
            files = recorder.Record(planManifest, RunContext.ResultsRun(run, ended), outcomes);
        }
        catch (ResultsFileRecordingException e)
        {
            // The run's records are in its store and its journal: left unrecorded (and no longer owned by this
            // process), resume collects them into the results file once it is fixed.
            journal.Save(run with { ToolProcessId = null });
            throw NotRecorded(run.Id, outcomes.Length, e);
        }

        var succeeded = outcomes.Count(o => o.Record.Status == PointStatus.Succeeded);
        var counts = new RunCounts(plan.PointCount, succeeded, outcomes.Length - succeeded);
        run = run with
        {
            Status = interrupted ? RunStatus.Interrupted : RunStatus.Recorded,
            EndedAt = ended,
            Counts = counts,
            ToolProcessId = null,
        };
        journal.Save(run);
        // After the results files: a point's artifacts come home only once its outcome is recorded.
        var artifacts = await new ArtifactCollector(console, project.ProjectDirectory, project.Manifest, context.Artifacts ?? ArtifactSettings.Default)
            .CollectAsync(journal.DirectoryOf(run.Id), stores.Stores, outcomes, CancellationToken.None);
        RunSummary.Print(console, run, files, outcomes, output, artifacts);

        if (interrupted)
            return ExitCodes.Interrupted;
        return counts.Succeeded == counts.Planned ? ExitCodes.Success : ExitCodes.PointsFailed;
    }
}
