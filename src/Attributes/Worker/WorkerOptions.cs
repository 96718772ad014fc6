using System.Globalization;

namespace Experiments.Worker;

/// <summary>How a worker was invoked: from its arguments, or from the environment a batch system sets (arguments win).</summary>
/// <param name="PlanPath">The run plan to read.</param>
/// <param name="StorePath">The result store records and artifacts go to: a directory, or an object storage URI
/// (<c>s3://</c>, <c>https://…blob.core.windows.net/</c>, <c>gs://</c>) that the worker stages locally (<see cref="Remote.RemoteWorkerSession"/>).</param>
/// <param name="Task">The plan task to run; null in serve mode.</param>
/// <param name="Serve">Long-lived mode for the local backend: task numbers on stdin, protocol on stdout.</param>
/// <param name="TimeoutGrace">How long a point may overrun its timeout (or a stop request) before the worker gives up on it;
/// null for the default (a tenth of the timeout, between 1 and 30 seconds).</param>
public sealed record WorkerOptions(string PlanPath, string StorePath, int? Task, bool Serve, TimeSpan? TimeoutGrace)
{
    public const string WorkerFlag = "--experiments-worker";
    public const string PlanVariable = "EXPERIMENTS_PLAN";
    public const string StoreVariable = "EXPERIMENTS_STORE";
    public const string TaskOffsetVariable = "EXPERIMENTS_TASK_OFFSET";
    public const string TimeoutGraceVariable = "EXPERIMENTS_TIMEOUT_GRACE";

    /// <summary>Where batch systems put an array task's index, in the order they are consulted.</summary>
    public static IReadOnlyList<string> TaskIndexVariables { get; } =
    [
        "EXPERIMENTS_TASK_INDEX",
        "SLURM_ARRAY_TASK_ID",
        "AWS_BATCH_JOB_ARRAY_INDEX",
        "BATCH_TASK_INDEX",
        "AZ_BATCH_TASK_ID",
    ];

    private const string Usage =
        "Worker usage: --experiments-worker --plan PATH|URI --store DIR|URI [--task N | --serve] " +
        "(or EXPERIMENTS_PLAN, EXPERIMENTS_STORE and a task index variable: " +
        "EXPERIMENTS_TASK_INDEX, SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX, BATCH_TASK_INDEX, AZ_BATCH_TASK_ID; " +
        "EXPERIMENTS_TASK_OFFSET is added to an index from the environment).";

    public static WorkerOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        string? plan = null, store = null, taskText = null;
        var serve = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case WorkerFlag when i == 0:
                    break;
                case "--plan":
                    plan = ValueOf(args, ref i);
                    break;
                case "--store":
                    store = ValueOf(args, ref i);
                    break;
                case "--task":
                    taskText = ValueOf(args, ref i);
                    break;
                case "--serve":
                    serve = true;
                    break;
                default:
                    throw new WorkerInvocationException($"Unknown worker argument '{arg}'. {Usage}");
            }
        }
        plan ??= NonEmpty(environment(PlanVariable));
        store ??= NonEmpty(environment(StoreVariable));
        if (plan is null)
            throw new WorkerInvocationException($"No run plan: pass --plan PATH or set {PlanVariable}. {Usage}");
        if (store is null)
            throw new WorkerInvocationException($"No result store: pass --store DIR or set {StoreVariable}. {Usage}");
        if (serve && taskText is not null)
            throw new WorkerInvocationException($"--serve reads task numbers from stdin; do not pass --task with it. {Usage}");
        int? task = null;
        if (taskText is not null)
            task = ParseIndex(taskText, "--task");
        else if (!serve)
            task = TaskFromEnvironment(environment);
        return new WorkerOptions(plan, store, task, serve, ParseGrace(environment(TimeoutGraceVariable)));
    }

    private static int TaskFromEnvironment(Func<string, string?> environment)
    {
        foreach (var variable in TaskIndexVariables)
        {
            var text = NonEmpty(environment(variable));
            if (text is null)
                continue;
            // Azure Batch task ids are names the submitter chose ("task-17"); the index is their trailing number.
            var index = variable == "AZ_BATCH_TASK_ID" ? ParseTrailingIndex(text, variable) : ParseIndex(text, variable);
            var offsetText = NonEmpty(environment(TaskOffsetVariable));
            var offset = offsetText is null ? 0 : ParseIndex(offsetText, TaskOffsetVariable);
            return checked(index + offset);
        }
        throw new WorkerInvocationException($"No task index: pass --task N, --serve, or run as an array task. {Usage}");
    }

    private static int ParseIndex(string text, string source) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new WorkerInvocationException($"{source} must be a non-negative whole number, not '{text}'.");

    private static int ParseTrailingIndex(string text, string source)
    {
        var start = text.Length;
        while (start > 0 && char.IsAsciiDigit(text[start - 1]))
            start--;
        if (start == text.Length)
            throw new WorkerInvocationException($"{source} '{text}' does not end in a task number (expected e.g. 'task-17').");
        return ParseIndex(text[start..], source);
    }

    private static TimeSpan? ParseGrace(string? text)
    {
        if (NonEmpty(text) is not { } value)
            return null;
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || double.IsInfinity(seconds))
            throw new WorkerInvocationException($"{TimeoutGraceVariable} must be a number of seconds (e.g. 2.5), not '{value}'.");
        return TimeSpan.FromSeconds(seconds);
    }

    private static string ValueOf(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            throw new WorkerInvocationException($"{args[i]} needs a value. {Usage}");
        return args[++i];
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
