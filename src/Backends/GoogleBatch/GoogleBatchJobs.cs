using System.Globalization;
using System.Text;
using Experiments.Backends.GoogleBatch.Client;
using Experiments.Registry;
using Experiments.Worker;

namespace Experiments.Backends.GoogleBatch;

/// <summary>What every job of a submission shares.</summary>
/// <param name="ImageUri">The pushed image; its entry point is the worker.</param>
/// <param name="Environment">Every task's variables (the plan and the store); the task offset is added per job.</param>
/// <param name="Labels">Labels naming the run, on the job and on every log entry it writes.</param>
public sealed record GoogleBatchJobTemplate(
    string ImageUri,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    IReadOnlyDictionary<string, string> Labels,
    GoogleBatchOptions Options);

/// <summary>One job to create: its id, the experiment, the plan tasks it runs and the request body.</summary>
public sealed record GoogleBatchJobRequest(string JobId, string Experiment, ArrayChunk Tasks, Job Spec);

/// <summary>
/// Plans a submission's tasks as Batch jobs: one job of one task group per run of consecutive plan tasks of one
/// experiment (resources are per experiment), at most <see cref="MaxTasksPerJob"/> tasks each. Task
/// <c>BATCH_TASK_INDEX</c> of a job runs plan task <c>EXPERIMENTS_TASK_OFFSET + BATCH_TASK_INDEX</c>.
/// </summary>
public static class GoogleBatchJobs
{
    /// <summary>Batch's limit on tasks per task group.</summary>
    public const int MaxTasksPerJob = 100_000;

    /// <summary>Batch's limit on <c>maxRetryCount</c>.</summary>
    public const int MaxRetryCountLimit = 10;

    /// <summary>The id Batch gives a job's only task group.</summary>
    public const string TaskGroupId = "group0";

    public const string RunLabel = "experiments-run";
    public const string ExperimentLabel = "experiments-experiment";
    public const string PackageLabel = "experiments-package";
    public const string FirstTaskLabel = "experiments-first-task";

    /// <summary>One job per chunk of the request's tasks (as the core groups them), with ids <c>{jobIdPrefix}-{first task}</c>.</summary>
    public static IReadOnlyList<GoogleBatchJobRequest> Plan(SubmitRequest request, string jobIdPrefix, GoogleBatchJobTemplate template) =>
        BatchJobs.Plan(request.Plan, request.TaskNumbers, MaxTasksPerJob).Select(job => Request(request, jobIdPrefix, job, template)).ToArray();

    /// <summary>The jobs.create request of one planned job.</summary>
    public static GoogleBatchJobRequest Request(SubmitRequest request, string jobIdPrefix, PlannedJob job, GoogleBatchJobTemplate template)
    {
        var id = GoogleBatchJobIds.For(jobIdPrefix, job.Tasks.Offset);
        if (!GoogleBatchJobIds.IsValid(id))
            throw new ArgumentException($"'{id}' is not a valid Batch job id (1–63 lowercase letters, digits and hyphens, starting with a letter).", nameof(jobIdPrefix));
        return new GoogleBatchJobRequest(id, job.Experiment, job.Tasks, Spec(job.Experiment, job.Tasks, job.MaxPoints, request.ResourcesOf(job.Experiment), template));
    }

    /// <summary>The jobs.create body for one chunk.</summary>
    public static Job Spec(string experiment, ArrayChunk chunk, int maxPoints, ExperimentResources resources, GoogleBatchJobTemplate template)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(template);
        if (chunk.Count is < 1 or > MaxTasksPerJob)
            throw new ArgumentOutOfRangeException(nameof(chunk), chunk.Count, $"A Batch task group has 1 to {MaxTasksPerJob} tasks.");
        var options = template.Options;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in template.Environment)
            variables[name] = value;
        variables[WorkerOptions.TaskOffsetVariable] = chunk.Offset.ToString(CultureInfo.InvariantCulture);
        var duration = GoogleBatchRunDuration.For(resources.Timeout, maxPoints);
        var labels = new Dictionary<string, string>(template.Labels, StringComparer.Ordinal)
        {
            [ExperimentLabel] = LabelValue(experiment),
            [FirstTaskLabel] = chunk.Offset.ToString(CultureInfo.InvariantCulture),
        };
        return new Job
        {
            TaskGroups =
            [
                new TaskGroup
                {
                    TaskCount = chunk.Count,
                    Parallelism = options.Parallelism is { } parallelism ? Math.Min(parallelism, chunk.Count) : null,
                    TaskSpec = new TaskSpec
                    {
                        // No entrypoint and no commands: the image's own entry point, the worker, runs.
                        Runnables = [new Runnable { Container = new Client.Container { ImageUri = template.ImageUri } }],
                        ComputeResource = new ComputeResource
                        {
                            CpuMilli = Math.Max(1, resources.Cpus) * 1000L,
                            MemoryMib = resources.MemoryBytes is { } bytes and > 0 ? (bytes + (1L << 20) - 1) >> 20 : null,
                        },
                        Environment = new BatchEnvironment { Variables = variables },
                        MaxRetryCount = options.MaxRetryCount,
                        MaxRunDuration = duration is { } d ? GoogleBatchRunDuration.Format(d) : null,
                    },
                },
            ],
            AllocationPolicy = Allocation(options, resources.Gpus),
            Labels = labels,
            LogsPolicy = new LogsPolicy { Destination = BatchEnums.CloudLogging },
        };
    }

    /// <summary>Where the tasks run; null when nothing is asked for, so Batch chooses machines from the resources.</summary>
    internal static AllocationPolicy? Allocation(GoogleBatchOptions options, int gpus)
    {
        InstancePolicyOrTemplate? instance = null;
        if (options.MachineType is not null || options.ProvisioningModel is not null || gpus > 0)
        {
            instance = new InstancePolicyOrTemplate
            {
                Policy = new InstancePolicy
                {
                    MachineType = options.MachineType,
                    ProvisioningModel = options.ProvisioningModel,
                    Accelerators = gpus > 0 ? [new Accelerator { Type = options.AcceleratorType ?? GoogleBatchOptions.DefaultAcceleratorType, Count = gpus }] : null,
                },
                InstallGpuDrivers = gpus > 0 ? true : null,
            };
        }
        var network = options.Network is null && options.Subnetwork is null
            ? null
            : new NetworkPolicy { NetworkInterfaces = [new NetworkInterface { Network = options.Network, Subnetwork = options.Subnetwork }] };
        var account = options.ServiceAccount is null ? null : new ServiceAccount { Email = options.ServiceAccount };
        return instance is null && network is null && account is null
            ? null
            : new AllocationPolicy { Instances = instance is null ? null : [instance], Network = network, ServiceAccount = account };
    }

    /// <summary>A label value: lowercase letters, digits, '_' and '-', at most 63 characters.</summary>
    public static string LabelValue(string text)
    {
        var value = new StringBuilder(Math.Min(text.Length, 63));
        foreach (var c in text.ToLowerInvariant())
        {
            if (value.Length == 63)
                break;
            value.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' ? c : '-');
        }
        return value.ToString();
    }
}
