using Experiments.Backends;
using Experiments.Backends.Local;
using Experiments.Schema;
using Experiments.Tool.Errors;
using Experiments.Tool.Journal;
using Experiments.Tool.Projects;
using Experiments.Tool.Running;
using Experiments.Tool.Selection;

namespace Experiments.Tool.Reproduce;

/// <summary>
/// Runs points with the current build on the local backend — the same planner, workers and record store as
/// <c>run</c> — but in a temporary folder outside the run journal, and hands back each point's outcome instead of
/// recording it: reproducing compares, it never changes the results file or what <c>resume</c> sees.
/// </summary>
public static class LocalReplay
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <returns>The package id of the build that ran, and each point's outcome by key.</returns>
    public static async Task<(string PackageId, IReadOnlyDictionary<string, PointOutcome> Outcomes)> RunAsync(
        BuiltProject project, ExperimentSelection selection, int? parallel, CancellationToken cancellationToken)
    {
        var runId = RunId.New(DateTimeOffset.UtcNow);
        var directory = Path.Combine(Path.GetTempPath(), $"experiments-reproduce-{Guid.NewGuid():N}");
        await using var backend = new LocalBackend(new LocalBackendOptions { Parallelism = parallel ?? Environment.ProcessorCount });
        try
        {
            Directory.CreateDirectory(directory);
            var plan = RunPlanning.Plan(runId, [selection], backend, new Dictionary<string, TimeSpan?>(), pointsPerTask: null);
            var planPath = Path.Combine(directory, RunPlanJson.FileName);
            RunPlanJson.WriteFile(plan, planPath);
            var package = await backend.PrepareAsync(
                new PackageRequest(project.OutputDirectory, project.Manifest.Assembly, project.ProjectFile, project.Configuration), cancellationToken);
            var resources = project.Experiments.ToDictionary(e => e.Name, e => e.Resources, StringComparer.Ordinal);
            var submission = await backend.SubmitAsync(new SubmitRequest(package, plan, planPath, directory, null, resources), cancellationToken);
            var ledger = PointLedger.For(plan, project.Manifest);
            using var stores = new RunStores(backend, [submission]);
            try
            {
                while (true)
                {
                    var status = await backend.PollAsync(submission, cancellationToken);
                    await stores.ReadIntoAsync(ledger, cancellationToken);
                    if (status.Finished)
                        break;
                    await Task.Delay(Poll, cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
                await backend.CancelAsync(submission, CancellationToken.None);
                throw;
            }
            await stores.ReadIntoAsync(ledger, CancellationToken.None);
            var outcomes = ledger.Outcomes().ToDictionary(o => o.Record.Key, StringComparer.Ordinal);
            return (package.Id, outcomes);
        }
        catch (IOException e)
        {
            throw new UserException($"The local backend could not run the points: {e.Message}", exitCode: ExitCodes.BackendFailed);
        }
        finally
        {
            TryDelete(directory);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
