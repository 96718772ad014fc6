using System.Globalization;
using Experiments.Backends.AzureBatch.Client;
using Experiments.Backends.Cloud;

namespace Experiments.Backends.AzureBatch;

/// <summary>
/// What one submission sends: a job on the configured pool (or an auto pool deleted with it) whose tasks all get the
/// run's plan and store, and one container task per plan task. The job starts with <c>onAllTasksComplete: noaction</c>
/// (a job whose first tasks finish before the last are added would otherwise end early, as Azure documents) and is
/// switched to <c>terminatejob</c> once every task is in.
/// </summary>
public sealed class AzureBatchJobSpec(AzureBatchOptions options)
{
    /// <summary>The variable the worker reads its plan task from (the first of the indexes it looks at).</summary>
    public const string TaskIndexVariable = "EXPERIMENTS_TASK_INDEX";

    /// <summary>Runs the image's own entry point: "an empty command line" for a container task, as Batch documents.</summary>
    public const string ContainerEntryPoint = "";

    public JobAddParameter Job(string jobId, CloudRunLocation run, string image, string runId) => new()
    {
        Id = jobId,
        DisplayName = "experiments run " + runId,
        PoolInfo = PoolInfo(image),
        Constraints = new JobConstraints { MaxTaskRetryCount = options.MaxTaskRetryCount },
        CommonEnvironmentSettings = CloudWorkerEnvironment.For(run).Select(v => new EnvironmentSetting(v.Key, v.Value)).ToArray(),
        OnAllTasksComplete = "noaction",
        UsesTaskDependencies = false,
        Metadata = [new MetadataItem("experiments-run", runId)],
    };

    /// <summary>
    /// One task per plan task of the request, in order, with each task's serialized size. Tasks of one experiment and
    /// point count differ only in their id and index (digits, which JSON never escapes), so each such shape is
    /// serialized once and the sizes are exact without serializing 250,000 tasks.
    /// </summary>
    public SizedTasks Tasks(SubmitRequest request)
    {
        var plan = request.Plan;
        var numbers = request.TaskNumbers;
        var image = request.Package.Location;
        var tasks = new TaskAddParameter[numbers.Count];
        var sizes = new int[numbers.Count];
        var shapes = new Dictionary<(int Experiment, int Points), (TaskAddParameter Template, int Size)>();
        for (var i = 0; i < numbers.Count; i++)
        {
            var planned = plan.Tasks[numbers[i]];
            var key = (planned.Experiment, planned.Points.Length);
            if (!shapes.TryGetValue(key, out var shape))
            {
                var template = Task(0, planned.Points.Length, image, request.ResourcesOf(plan.Experiments[planned.Experiment].Name)) with
                {
                    Id = "",
                    EnvironmentSettings = [new EnvironmentSetting(TaskIndexVariable, "")],
                };
                shapes[key] = shape = (template, AzureBatchHttpClient.SerializedSize(template));
            }
            var id = AzureBatchIds.TaskId(numbers[i]);
            tasks[i] = shape.Template with { Id = id, EnvironmentSettings = [new EnvironmentSetting(TaskIndexVariable, id)] };
            sizes[i] = shape.Size + 2 * id.Length;
        }
        return new SizedTasks(tasks, sizes);
    }

    /// <param name="task">The plan task number (also the task's id).</param>
    /// <param name="points">How many points the task runs (for its time limit).</param>
    public TaskAddParameter Task(int task, int points, string image, Experiments.Registry.ExperimentResources resources) => new()
    {
        Id = AzureBatchIds.TaskId(task),
        CommandLine = ContainerEntryPoint,
        ContainerSettings = new TaskContainerSettings
        {
            ImageName = image,
            // The worker runs where the image puts it (its WORKDIR), as `docker run` would.
            WorkingDirectory = "containerImageDefault",
            ContainerRunOptions = "--rm",
            Registry = options.PoolId is not null ? Registry(image) : null,
        },
        EnvironmentSettings = [new EnvironmentSetting(TaskIndexVariable, task.ToString(CultureInfo.InvariantCulture))],
        Constraints = new TaskConstraints
        {
            MaxWallClockTime = AzureBatchTaskTime.For(resources.Timeout, points) is { } limit ? AzureBatchJson.Duration(limit) : null,
            MaxTaskRetryCount = options.MaxTaskRetryCount,
        },
        RequiredSlots = RequiredSlots(resources.Cpus),
    };

    /// <summary>On an auto pool a task of n cores takes n of a node's slots; an existing pool's slots are not known here.</summary>
    private int? RequiredSlots(int cpus) =>
        options.AutoPool is { TaskSlotsPerNode: > 1 } pool && cpus > 1 ? Math.Min(cpus, pool.TaskSlotsPerNode) : null;

    private PoolInformation PoolInfo(string image)
    {
        if (options.AutoPool is not { } pool)
            return new PoolInformation { PoolId = options.PoolId };
        var registry = Registry(image);
        return new PoolInformation
        {
            AutoPoolSpecification = new AutoPoolSpecification
            {
                AutoPoolIdPrefix = "experiments",
                PoolLifetimeOption = "job",
                KeepAlive = false,
                Pool = new PoolSpecification
                {
                    VmSize = pool.VmSize,
                    TaskSlotsPerNode = pool.TaskSlotsPerNode,
                    TargetDedicatedNodes = pool.NodeCount,
                    TargetLowPriorityNodes = pool.LowPriorityNodeCount,
                    VirtualMachineConfiguration = new VirtualMachineConfiguration
                    {
                        ImageReference = new ImageReference { Publisher = pool.Publisher, Offer = pool.Offer, Sku = pool.Sku, Version = pool.Version },
                        NodeAgentSkuId = pool.NodeAgentSkuId,
                        ContainerConfiguration = new ContainerConfiguration
                        {
                            Type = "dockerCompatible",
                            // Pulled once per node as it starts, before any task asks for it.
                            ContainerImageNames = [image],
                            ContainerRegistries = registry is null ? null : [registry],
                        },
                    },
                },
            },
        };
    }

    /// <summary>ACR through the pool's managed identity; none for a public registry.</summary>
    private ContainerRegistry? Registry(string image) =>
        options.RegistryIdentity is { } identity
            ? new ContainerRegistry { RegistryServer = RegistryOf(image), IdentityReference = new ComputeNodeIdentityReference(identity) }
            : null;

    private static string RegistryOf(string image)
    {
        var slash = image.IndexOf('/');
        return slash > 0 ? image[..slash] : image;
    }
}

/// <summary>Tasks and their serialized sizes in bytes, index for index.</summary>
public sealed record SizedTasks(IReadOnlyList<TaskAddParameter> Tasks, IReadOnlyList<int> Sizes);
