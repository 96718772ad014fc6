using System.Globalization;
using System.Text;
using Experiments.Schema;
using Experiments.Worker;

namespace Experiments.Backends.Slurm;

/// <summary>
/// Renders the batch script of one array job. The script restarts the worker in place, because a worker that hits a
/// runaway timeout exits 124 and only a new process can go on with the task (it resumes from the store), and because a
/// crashed worker's point is recorded as a crash only when the next worker starts — as the local backend does. The <c>logs</c> directory must exist
/// before submission: Slurm does not create the folder of <c>--output</c>.
/// </summary>
public static class SbatchScript
{
    // Options the backend writes itself, with their short forms, so extra options cannot silently contradict them.
    private static readonly Dictionary<string, string> Managed = new(StringComparer.Ordinal)
    {
        ["--array"] = "--array", ["-a"] = "--array",
        ["--job-name"] = "--job-name", ["-J"] = "--job-name",
        ["--output"] = "--output", ["-o"] = "--output",
        ["--error"] = "--error", ["-e"] = "--error",
        ["--cpus-per-task"] = "--cpus-per-task", ["-c"] = "--cpus-per-task",
        ["--mem"] = "--mem",
        ["--gres"] = "--gres",
        ["--time"] = "--time", ["-t"] = "--time",
        ["--partition"] = "--partition", ["-p"] = "--partition",
        ["--account"] = "--account", ["-A"] = "--account",
        ["--qos"] = "--qos", ["-q"] = "--qos",
    };

    /// <summary>
    /// The long name of an option the backend sets itself (<c>-t 10</c> → <c>--time</c>, <c>--arr=0-99</c> →
    /// <c>--array</c>); null for any other. sbatch reads options with getopt_long, which takes the start of a long
    /// option's name as the option when only one option starts so (verified with sbatch 22.05: <c>--arr=0-3</c> and
    /// <c>--part=debug</c> are accepted). A start of a managed option's name is therefore that option, or one sbatch
    /// refuses as ambiguous (<c>--tim</c>: <c>--time</c> or <c>--time-min</c>): either way it may not pass.
    /// </summary>
    public static string? ManagedOption(string option)
    {
        var name = OptionName(option);
        if (Managed.TryGetValue(name, out var managed))
            return managed;
        return name.StartsWith("--", StringComparison.Ordinal) && name.Length > 2
            ? Managed.Values.Distinct().FirstOrDefault(m => m.StartsWith(name, StringComparison.Ordinal))
            : null;
    }

    /// <summary>The option's name as written (<c>--arr</c> of <c>--arr=0-99</c>, <c>-t</c> of <c>-t10</c>).</summary>
    public static string OptionName(string option)
    {
        var name = option.Split('=', ' ')[0];
        if (name.Length > 2 && name[1] != '-')
            name = name[..2]; // -t10: a short option with its value attached
        return name;
    }

    public static string Render(SbatchScriptRequest request)
    {
        var (runId, chunk, maxPoints, resources, options, _, _, _) = request;
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        var paths = new SlurmPaths(options.SharedDirectory);
        var logs = paths.Logs(runId);

        var directives = new List<string>
        {
            $"--array=0-{chunk.Count - 1}" + (options.Concurrency is { } cap ? $"%{cap}" : ""),
            $"--job-name=experiments-{runId}",
            $"--output={logs}/%A_%a.out",
            $"--error={logs}/%A_%a.err",
            $"--cpus-per-task={resources.Cpus}",
        };
        if (resources.MemoryBytes is { } memory)
            directives.Add($"--mem={SlurmTimeLimit.Memory(memory)}");
        if (resources.Gpus > 0)
            directives.Add($"--gres=gpu:{resources.Gpus}");
        if (SlurmTimeLimit.ForTask(resources.Timeout, maxPoints, options.ParsedTimeLimit).Limit is { } time)
            directives.Add($"--time={SlurmTimeLimit.Format(time)}");
        if (options.Partition is { } partition)
            directives.Add($"--partition={partition}");
        if (options.Account is { } account)
            directives.Add($"--account={account}");
        if (options.Qos is { } qos)
            directives.Add($"--qos={qos}");
        directives.Sort(StringComparer.Ordinal);

        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        text.Append(CultureInfo.InvariantCulture, $"# Experiments run {runId}: array index i runs plan task {chunk.Offset} + i (tasks {chunk.Offset}-{chunk.LastTask}).\n");
        foreach (var directive in directives)
            text.Append("#SBATCH ").Append(directive).Append('\n');
        // The user's own options come last, in their order: they are the cluster's business (constraints, mail, …).
        foreach (var extra in options.SbatchOptions)
            text.Append("#SBATCH ").Append(extra).Append('\n');
        AppendBody(text, request, paths);
        return text.ToString();
    }

    private static void AppendBody(StringBuilder text, SbatchScriptRequest request, SlurmPaths paths)
    {
        var worker = ShellQuoting.Join([
            paths.Executable(request.PackageId, request.AssemblyName), "--experiments-worker",
            "--plan", paths.Plan(request.RunId), "--store", paths.Run(request.RunId)]);
        var records = $"{paths.Run(request.RunId)}/{PointRecordFiles.RecordsFolder}/{PointRecordFiles.ExperimentHash(request.Experiment)}-task-";
        // Every restart follows a point's attempt ending badly (an overrun, or a crash the next worker records as one),
        // so the task's attempts bound them: points × (retries + 1).
        var restarts = (long)request.MaxPointsPerTask * (request.Resources.Retries + 1);
        var i = CultureInfo.InvariantCulture;
        text.Append('\n');
        text.Append("set -u\n");
        text.Append(i, $"export EXPERIMENTS_TASK_OFFSET={request.Chunk.Offset}\n");
        text.Append(i, $"cd {ShellQuoting.Quote(paths.Package(request.PackageId))} || exit 1\n");
        text.Append(i, $"records={ShellQuoting.Quote(records)}\"$((EXPERIMENTS_TASK_OFFSET + ${{SLURM_ARRAY_TASK_ID:-0}}))\"{PointRecordFiles.Extension}\n");
        text.Append('\n');
        text.Append("# 124: a point overran its timeout and the worker had to exit; any other failure is a crash inside a point.\n");
        text.Append("# Either way a new worker resumes the task (and records the crash against its point). A worker that dies\n");
        text.Append("# without writing a record (the app cannot start) would do so again: that gets one retry only.\n");
        text.Append(i, $"restarts={restarts}\n");
        text.Append("silent_restarts=1\n");
        text.Append("while true; do\n");
        text.Append("  before=$(stat -c %s \"$records\" 2>/dev/null || echo 0)\n");
        text.Append("  ").Append(worker).Append('\n');
        text.Append("  code=$?\n");
        text.Append("  case $code in\n");
        text.Append(i, $"    {WorkerExitCodes.Success}) exit 0 ;;\n");
        text.Append(i, $"    {WorkerExitCodes.InvalidInvocation}|{WorkerExitCodes.Cancelled}) exit \"$code\" ;; # a bad plan or app, or scancel: another worker would do the same\n");
        text.Append("  esac\n");
        text.Append("  if [ \"$(stat -c %s \"$records\" 2>/dev/null || echo 0)\" = \"$before\" ]; then\n");
        text.Append("    [ \"$silent_restarts\" -gt 0 ] || exit \"$code\"; silent_restarts=$((silent_restarts - 1))\n");
        text.Append("  fi\n");
        text.Append("  [ \"$restarts\" -gt 0 ] || exit \"$code\"; restarts=$((restarts - 1))\n");
        text.Append("  echo \"experiments: the worker exited $code; starting another to resume the task\" >&2\n");
        text.Append("done\n");
    }
}
