using System.Globalization;
using System.Text.RegularExpressions;

namespace Experiments.TestSupport.Services;

/// <summary>
/// The one-node Slurm cluster tests/Slurm/cluster.sh runs on this machine (test.sh starts it with a MaxArraySize of
/// <see cref="TestMaxArraySize"/>, so that sweeps of a few tasks already need several arrays).
/// </summary>
public static partial class SlurmTestCluster
{
    public const string StartCommand = "sudo EXPERIMENTS_SLURM_MAX_ARRAY_SIZE=10 tests/Slurm/cluster.sh";

    /// <summary>The MaxArraySize test.sh gives the test cluster.</summary>
    public const int TestMaxArraySize = 10;

    public static void Require() => RequiredService.Require("Slurm", UnavailableBecause(), StartCommand);

    public static string? UnavailableBecause()
    {
        var sinfo = Run("sinfo", "-h", "-o", "%T");
        if (sinfo.ExitCode != 0)
            return $"sinfo failed: {sinfo.Output.Trim()}";
        var state = sinfo.StandardOutput.Trim();
        return state.StartsWith("idle", StringComparison.Ordinal) || state.StartsWith("mix", StringComparison.Ordinal)
            || state.StartsWith("alloc", StringComparison.Ordinal) || state.StartsWith("complet", StringComparison.Ordinal)
            ? null
            : $"the node is '{state}'";
    }

    /// <summary>MaxArraySize as slurmctld has it now.</summary>
    public static int MaxArraySize()
    {
        var config = Run("scontrol", "show", "config");
        var match = MaxArraySizeLine().Match(config.StandardOutput);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException($"scontrol show config has no MaxArraySize:\n{config}");
    }

    /// <summary>Which of these jobs' tasks squeue still lists as pending, running or completing (what "in the queue" means to users).</summary>
    public static IReadOnlyList<string> QueuedTasks(IEnumerable<string> jobIds)
    {
        var ids = string.Join(',', jobIds);
        var squeue = Run("squeue", "-h", "-r", "-j", ids, "-o", "%i|%T");
        if (squeue.ExitCode != 0 && squeue.StandardError.Contains("Invalid job id", StringComparison.Ordinal))
            return [];
        if (squeue.ExitCode != 0)
            throw new InvalidOperationException($"squeue failed:\n{squeue}");
        return squeue.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static ProcessResult Run(string program, params string[] arguments) =>
        ProcessRunner.RunAsync(program, arguments, Environment.CurrentDirectory, timeout: TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();

    [GeneratedRegex(@"^MaxArraySize\s*=\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex MaxArraySizeLine();
}
