using System.Globalization;
using Experiments.Backends.AwsBatch.Client;

namespace Experiments.Backends.AwsBatch;

/// <summary>What every job of a submission shares: its name prefix, queue, definition, environment and tags.</summary>
/// <param name="JobNamePrefix">Letters, numbers, hyphens and underscores; each job is named <c>{prefix}-{first task}-{last task}</c>.</param>
/// <param name="Environment">Added to the definition's (the store, the plan); the task offset is added per job.</param>
public sealed record AwsBatchJobTemplate(
    string JobNamePrefix,
    string JobQueue,
    string JobDefinition,
    IReadOnlyList<EnvironmentVariable> Environment,
    IReadOnlyDictionary<string, string>? Tags = null);

/// <summary>
/// Plans a submission's tasks as AWS Batch jobs: consecutive plan tasks become array jobs of at most
/// <see cref="MaxArraySize"/> children, each child running plan task <c>EXPERIMENTS_TASK_OFFSET + AWS_BATCH_JOB_ARRAY_INDEX</c>
/// (AWS sets the index, the worker adds the two). AWS Batch arrays have 2 to 10,000 children, so a lone task (a
/// leftover, or a gap in a resumed subset) is a plain job with <c>EXPERIMENTS_TASK_INDEX=0</c> and the same offset.
/// </summary>
public static class AwsBatchArrays
{
    /// <summary>AWS Batch's largest array.</summary>
    public const int MaxArraySize = 10_000;

    /// <summary>The longest job name AWS accepts.</summary>
    public const int MaxJobNameLength = 128;

    public const string TaskOffsetVariable = "EXPERIMENTS_TASK_OFFSET";
    public const string TaskIndexVariable = "EXPERIMENTS_TASK_INDEX";

    /// <summary>The jobs for plan tasks (strictly ascending): one per chunk; a chunk of one task is a plain job.</summary>
    public static IReadOnlyList<ArrayChunk> Plan(IReadOnlyList<int> tasks) => ArrayChunker.Chunk(tasks, MaxArraySize);

    /// <summary>The jobs for plan tasks 0 … <paramref name="taskCount"/> − 1.</summary>
    public static IReadOnlyList<ArrayChunk> Plan(int taskCount) => ArrayChunker.Chunk(taskCount, MaxArraySize);

    /// <summary>One SubmitJob request per planned job.</summary>
    public static IReadOnlyList<SubmitJobRequest> Requests(IReadOnlyList<ArrayChunk> jobs, AwsBatchJobTemplate template)
    {
        Validate(template, jobs);
        var requests = new SubmitJobRequest[jobs.Count];
        for (var i = 0; i < jobs.Count; i++)
            requests[i] = Request(jobs[i], template);
        return requests;
    }

    /// <summary><c>{prefix}-{first task}-{last task}</c>, or <c>{prefix}-{task}</c> for a plain job: unique to the submission.</summary>
    public static string JobName(string prefix, ArrayChunk job) => job.Count == 1
        ? string.Create(CultureInfo.InvariantCulture, $"{prefix}-{job.Offset}")
        : string.Create(CultureInfo.InvariantCulture, $"{prefix}-{job.Offset}-{job.LastTask}");

    private static SubmitJobRequest Request(ArrayChunk job, AwsBatchJobTemplate template)
    {
        var offset = job.Offset.ToString(CultureInfo.InvariantCulture);
        var environment = new List<EnvironmentVariable>(template.Environment.Count + 2);
        environment.AddRange(template.Environment);
        environment.Add(new EnvironmentVariable(TaskOffsetVariable, offset));
        if (job.Count == 1)
            environment.Add(new EnvironmentVariable(TaskIndexVariable, "0"));
        return new SubmitJobRequest
        {
            JobName = JobName(template.JobNamePrefix, job),
            JobQueue = template.JobQueue,
            JobDefinition = template.JobDefinition,
            ArrayProperties = job.Count >= 2 ? new ArrayProperties(job.Count) : null,
            ContainerOverrides = new ContainerOverrides(environment),
            Tags = template.Tags is { Count: > 0 } ? template.Tags : null,
        };
    }

    private static void Validate(AwsBatchJobTemplate template, IReadOnlyList<ArrayChunk> jobs)
    {
        ArgumentNullException.ThrowIfNull(template);
        // The longest name is the prefix plus two task numbers of at most 10 digits each and two hyphens.
        if (!AwsBatchJobDefinitions.IsValidName(template.JobNamePrefix) || template.JobNamePrefix.Length > MaxJobNameLength - 22)
            throw new ArgumentException(
                $"'{template.JobNamePrefix}' cannot start AWS Batch job names: use 1–{MaxJobNameLength - 22} letters, numbers, hyphens and underscores, starting with a letter or number.",
                nameof(template));
        if (string.IsNullOrWhiteSpace(template.JobQueue) || string.IsNullOrWhiteSpace(template.JobDefinition))
            throw new ArgumentException("An AWS Batch job needs a job queue (name or ARN) and a job definition (name:revision or ARN).", nameof(template));
        if (template.Environment.FirstOrDefault(v => v.Name is TaskOffsetVariable or TaskIndexVariable) is { } reserved)
            throw new ArgumentException($"{reserved.Name} is set per job by the planner; leave it out of the template's environment.", nameof(template));
        if (template.Tags is { Count: > 50 })
            throw new ArgumentException($"A job takes at most 50 tags, not {template.Tags.Count}.", nameof(template));
        foreach (var job in jobs)
            if (job.Count is < 1 or > MaxArraySize)
                throw new ArgumentException($"An AWS Batch job runs 1 task (a plain job) or an array of 2–{MaxArraySize}, not {job.Count}.", nameof(jobs));
    }
}
