using System.Globalization;
using Experiments.Backends.AwsBatch.Client;
using Experiments.Registry;

namespace Experiments.Backends.AwsBatch;

/// <summary>What an AWS Batch job's definition holds (resources, the attempt timeout) and its jobs' names.</summary>
public static class AwsBatchJobPlan
{
    /// <summary>Start-up (pulling the image, loading the app), records and restarts after a point's timeout.</summary>
    public static readonly TimeSpan TaskMargin = TimeSpan.FromMinutes(5);

    /// <summary>The worker's longest grace after a point's timeout before it gives up on the point.</summary>
    public static readonly TimeSpan PointGrace = TimeSpan.FromSeconds(30);

    /// <summary>Memory when the experiment names none: AWS Batch requires a figure.</summary>
    public const int DefaultMemoryMiB = 2048;

    /// <summary>AWS Batch's shortest attempt timeout.</summary>
    public const int MinimumTimeoutSeconds = 60;

    /// <summary>What a job's definition holds for one experiment's resources and tasks of up to <paramref name="maxPoints"/> points.</summary>
    public static AwsBatchContainerSpec Spec(string image, ExperimentResources resources, int maxPoints, AwsBatchOptions options) => new(
        image,
        Vcpus: Math.Max(1, resources.Cpus),
        MemoryMiB: resources.MemoryBytes is { } bytes ? (int)Math.Clamp((bytes + (1 << 20) - 1) >> 20, 4, int.MaxValue) : DefaultMemoryMiB,
        Gpus: Math.Max(0, resources.Gpus),
        Attempts: options.Attempts,
        AttemptTimeoutSeconds: TimeoutSeconds(resources.Timeout, maxPoints),
        JobRoleArn: options.JobRoleArn,
        ExecutionRoleArn: options.ExecutionRoleArn);

    /// <summary>(timeout + grace) × points + margin, at least AWS's minimum; null without a timeout.</summary>
    public static int? TimeoutSeconds(TimeSpan? pointTimeout, int maxPoints)
    {
        if (pointTimeout is not { } timeout)
            return null;
        var seconds = (timeout + PointGrace).TotalSeconds * Math.Max(1, maxPoints) + TaskMargin.TotalSeconds;
        return (int)Math.Clamp(Math.Ceiling(seconds), MinimumTimeoutSeconds, int.MaxValue);
    }

    /// <summary>
    /// The start of every job name of one submission: <c>exp-{run id}-{token}</c>. The token is new for each submission,
    /// so a job found by this name after a lost SubmitJob answer can only be this submission's.
    /// </summary>
    public static string NamePrefix(string runId, string token)
    {
        var safe = new string(runId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
        var room = AwsBatchArrays.MaxJobNameLength - 22 - "exp--".Length - token.Length;
        if (safe.Length > room)
            safe = safe[..room];
        return string.Create(CultureInfo.InvariantCulture, $"exp-{safe}-{token}");
    }

    /// <summary>A job definition request for a spec on the chosen platform.</summary>
    public static RegisterJobDefinitionRequest Definition(AwsBatchContainerSpec spec, AwsBatchOptions options)
    {
        var request = spec.ToRequest(options.DefinitionName);
        return options.Platform == AwsBatchOptions.Fargate ? request with { PlatformCapabilities = [AwsBatchOptions.Fargate] } : request;
    }
}
