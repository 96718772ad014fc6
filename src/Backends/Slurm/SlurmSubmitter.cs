using Experiments.Schema;

namespace Experiments.Backends.Slurm;

/// <summary>
/// Turns a plan's tasks into array jobs: one array per run of consecutive tasks of one experiment (resources are per
/// experiment), each at most <c>maxArraySize</c> tasks and indexed from 0 with its offset in the script. Each array's
/// script is kept in <c>scripts/</c> beside the run, so what ran can be read (and resubmitted) by hand.
/// </summary>
internal sealed class SlurmSubmitter(ISlurmShell shell, SlurmOptions options, int maxArraySize)
{
    /// <summary>How long taking back a failed submission's arrays may take.</summary>
    private static readonly TimeSpan RollbackTimeLimit = TimeSpan.FromSeconds(30);

    private readonly SlurmPaths _paths = new(options.SharedDirectory);
    private readonly HashSet<string> _plansWritten = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<SlurmArray>> SubmitAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        var runId = request.Plan.RunId;
        if (!_plansWritten.Contains(runId))
        {
            await shell.MakeDirectoriesAsync(
                [_paths.Logs(runId), _paths.Scripts(runId), _paths.Run(runId) + "/" + PointRecordFiles.RecordsFolder], cancellationToken).ConfigureAwait(false);
            var planText = await File.ReadAllTextAsync(request.PlanPath, cancellationToken).ConfigureAwait(false);
            await shell.WriteAsync(_paths.Plan(runId), planText, cancellationToken).ConfigureAwait(false);
            _plansWritten.Add(runId);
        }

        var submitted = new List<SlurmArray>();
        try
        {
            foreach (var (experiment, chunk) in Arrays(request.Plan, request.TaskNumbers, maxArraySize))
            {
                var maxPoints = Enumerable.Range(chunk.Offset, chunk.Count).Max(t => request.Plan.Tasks[t].Points.Length);
                var script = SbatchScript.Render(new SbatchScriptRequest(
                    runId, chunk, maxPoints, request.ResourcesOf(experiment), options, request.Package.Id, request.Package.AssemblyName, experiment));
                var scriptPath = _paths.Script(runId, chunk);
                await shell.WriteAsync(scriptPath, script, cancellationToken).ConfigureAwait(false);
                var result = await shell.RunAsync(SlurmCommands.Sbatch(scriptPath), null, cancellationToken).ConfigureAwait(false);
                if (!result.Succeeded)
                    throw new SlurmSubmitException(SbatchRefusal.Describe(result, shell.Where));
                submitted.Add(new SlurmArray(SbatchOutput.Parse(result.StandardOutput).JobId, chunk));
            }
        }
        catch
        {
            // Arrays this call started would run unjournaled, beyond cancel and resume: take them back (also when the
            // user cancelled, which is why the caller's token is not used; bounded, as the login node may be what hangs).
            if (submitted.Count > 0)
            {
                using var limit = new CancellationTokenSource(RollbackTimeLimit);
                try
                {
                    await shell.RunAsync(SlurmCommands.Scancel(submitted.Select(a => a.JobId).ToArray()), null, limit.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or SlurmShellException)
                {
                    throw new SlurmSubmitException(
                        $"Submitting failed or was cancelled, and taking back the arrays already submitted failed too: cancel them by hand with " +
                        $"scancel {string.Join(' ', submitted.Select(a => a.JobId))} on {shell.Where}.");
                }
            }
            throw;
        }
        return submitted;
    }

    /// <summary>The arrays for these tasks, in order: split where the experiment changes, the numbers jump, or the size limit is reached.</summary>
    internal static IReadOnlyList<(string Experiment, ArrayChunk Chunk)> Arrays(RunPlan plan, IReadOnlyList<int> tasks, int maxArraySize)
    {
        var arrays = new List<(string, ArrayChunk)>();
        var start = 0;
        for (var i = 1; i <= tasks.Count; i++)
        {
            if (i < tasks.Count && tasks[i] == tasks[i - 1] + 1 && plan.Tasks[tasks[i]].Experiment == plan.Tasks[tasks[start]].Experiment)
                continue;
            var experiment = plan.ExperimentOf(tasks[start]).Name;
            foreach (var chunk in ArrayChunker.Chunk(i - start, maxArraySize, tasks[start]))
                arrays.Add((experiment, chunk));
            start = i;
        }
        return arrays;
    }
}

/// <summary>sbatch refused a job; the message holds Slurm's words and what to change.</summary>
public sealed class SlurmSubmitException(string message) : Exception(message);
