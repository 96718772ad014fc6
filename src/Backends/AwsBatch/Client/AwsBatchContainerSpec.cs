using System.Globalization;
using Experiments.Backends.AwsBatch.Client;

namespace Experiments.Backends.AwsBatch;

/// <summary>
/// What a job definition says about the container: the image, its resources, its environment and its limits. Turned
/// into a RegisterJobDefinition request by <see cref="ToRequest"/>, which refuses values AWS Batch would refuse, with
/// the valid range.
/// </summary>
/// <param name="Image">The image reference, ideally by digest (<c>…@sha256:…</c>) so the definition's content names one build.</param>
/// <param name="Vcpus">vCPUs per task (fractions such as 0.25 only on Fargate).</param>
/// <param name="MemoryMiB">Memory per task in MiB (at least 4).</param>
/// <param name="Gpus">GPUs per task (0 for none).</param>
/// <param name="Attempts">How many times AWS Batch runs a task before it is FAILED (1–10).</param>
/// <param name="AttemptTimeoutSeconds">How long one attempt may run (at least 60 s), or null for no limit.</param>
/// <param name="Command">Null runs the image's entry point.</param>
public sealed record AwsBatchContainerSpec(
    string Image,
    double Vcpus,
    int MemoryMiB,
    int Gpus = 0,
    int Attempts = 1,
    int? AttemptTimeoutSeconds = null,
    IReadOnlyList<EnvironmentVariable>? Environment = null,
    IReadOnlyList<string>? Command = null,
    string? JobRoleArn = null,
    string? ExecutionRoleArn = null)
{
    public RegisterJobDefinitionRequest ToRequest(string jobDefinitionName)
    {
        var problems = new List<string>();
        if (!AwsBatchJobDefinitions.IsValidName(jobDefinitionName))
            problems.Add($"the job definition name '{jobDefinitionName}' must be 1–128 letters, numbers, hyphens and underscores, starting with a letter or number");
        if (string.IsNullOrWhiteSpace(Image))
            problems.Add("the image is empty; give a reference such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:…");
        if (!(Vcpus > 0) || double.IsInfinity(Vcpus))
            problems.Add($"vCPUs must be a positive number (e.g. 1, 2, or 0.25 on Fargate), not {Vcpus.ToString(CultureInfo.InvariantCulture)}");
        if (MemoryMiB < 4)
            problems.Add($"memory must be at least 4 MiB, not {MemoryMiB.ToString(CultureInfo.InvariantCulture)}");
        if (Gpus < 0)
            problems.Add($"GPUs must be 0 or more, not {Gpus.ToString(CultureInfo.InvariantCulture)}");
        if (Attempts is < 1 or > 10)
            problems.Add($"attempts must be 1–10, not {Attempts.ToString(CultureInfo.InvariantCulture)}");
        if (AttemptTimeoutSeconds is < 60)
            problems.Add($"the attempt timeout must be at least 60 seconds, not {AttemptTimeoutSeconds.Value.ToString(CultureInfo.InvariantCulture)}");
        if (problems.Count > 0)
            throw new ArgumentException("This AWS Batch job definition would be refused: " + string.Join("; ", problems) + ".");

        var resources = new List<ResourceRequirement>
        {
            new(ResourceTypes.Vcpu, Vcpus.ToString(CultureInfo.InvariantCulture)),
            new(ResourceTypes.Memory, MemoryMiB.ToString(CultureInfo.InvariantCulture)),
        };
        if (Gpus > 0)
            resources.Add(new ResourceRequirement(ResourceTypes.Gpu, Gpus.ToString(CultureInfo.InvariantCulture)));
        return new RegisterJobDefinitionRequest
        {
            JobDefinitionName = jobDefinitionName,
            ContainerProperties = new ContainerProperties
            {
                Image = Image,
                Command = Command,
                Environment = Environment is { Count: > 0 } ? Environment : null,
                ResourceRequirements = resources,
                JobRoleArn = JobRoleArn,
                ExecutionRoleArn = ExecutionRoleArn,
            },
            RetryStrategy = new RetryStrategy(Attempts),
            Timeout = AttemptTimeoutSeconds is { } seconds ? new JobTimeout(seconds) : null,
        };
    }
}
