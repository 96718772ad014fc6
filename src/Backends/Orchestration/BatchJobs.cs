using System.Globalization;
using Experiments.Schema;

namespace Experiments.Backends;

/// <summary>One job the core asks an adapter to start: consecutive plan tasks of one experiment, and the most points any holds.</summary>
/// <param name="Experiment">The experiment all of <paramref name="Tasks"/> belong to (resources and timeouts are per experiment).</param>
/// <param name="Tasks">The plan tasks, as an array job's indexes 0..Count-1 plus the offset.</param>
/// <param name="MaxPoints">The most points one of these tasks runs (a time limit is sized from it).</param>
public sealed record PlannedJob(string Experiment, ArrayChunk Tasks, int MaxPoints);

/// <summary>A job the service accepted, and the plan tasks it runs.</summary>
/// <param name="Id">The service's id (a Slurm array job id, an AWS job id, a Google job id).</param>
/// <param name="Detail">Anything else the adapter must remember of it (Google's uid); never contains ',' or '|'.</param>
public sealed record SubmittedJob(string Id, ArrayChunk Tasks, string? Detail = null)
{
    /// <summary>Two or more tasks: an array job; one task may be a plain job.</summary>
    public bool IsArray => Tasks.Count >= 2;

    /// <summary>The plan task of array index <paramref name="index"/>.</summary>
    public int TaskOf(int index) => Tasks.Offset + index;

    public bool Runs(int task) => task >= Tasks.Offset && task <= Tasks.LastTask;
}

/// <summary>A journaled submission and its jobs, decoded once by the core for its adapter.</summary>
public sealed record SubmissionJobs(Submission Submission, IReadOnlyList<SubmittedJob> Jobs)
{
    /// <summary>The job running plan task <paramref name="task"/>, if this submission runs it.</summary>
    public SubmittedJob? JobOf(int task) => Jobs.FirstOrDefault(j => j.Runs(task));

    public string Property(string key) => Submission.Properties.TryGetValue(key, out var value)
        ? value
        : throw new InvalidDataException($"Submission {Submission.Id} does not hold '{key}'; its journal entry is damaged.");
}

/// <summary>
/// Groups a request's tasks into jobs and writes them into a submission's properties. A job starts where the experiment
/// changes, where the task numbers jump (a resumed subset) and every <c>maxTasksPerJob</c> tasks; each job's indexes
/// restart at 0 with an offset, so every job stays within the service's largest array and largest index.
/// </summary>
public static class BatchJobs
{
    /// <summary>The jobs for <paramref name="tasks"/> (strictly ascending plan task numbers), in order.</summary>
    public static IReadOnlyList<PlannedJob> Plan(RunPlan plan, IReadOnlyList<int> tasks, int maxTasksPerJob)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(tasks);
        var jobs = new List<PlannedJob>();
        var start = 0;
        for (var i = 1; i <= tasks.Count; i++)
        {
            if (i < tasks.Count && tasks[i] <= tasks[i - 1])
                throw new ArgumentException(tasks[i] == tasks[i - 1] ? $"Task {tasks[i]} is listed twice." : $"Task numbers must be ascending; {tasks[i]} follows {tasks[i - 1]}.", nameof(tasks));
            if (i < tasks.Count && tasks[i] == tasks[i - 1] + 1 && plan.Tasks[tasks[i]].Experiment == plan.Tasks[tasks[start]].Experiment)
                continue;
            var experiment = plan.ExperimentOf(tasks[start]).Name;
            foreach (var chunk in ArrayChunker.Chunk(i - start, maxTasksPerJob, tasks[start]))
            {
                var maxPoints = 1;
                for (var t = chunk.Offset; t <= chunk.LastTask; t++)
                    maxPoints = Math.Max(maxPoints, plan.Tasks[t].Points.Length);
                jobs.Add(new PlannedJob(experiment, chunk, maxPoints));
            }
            start = i;
        }
        return jobs;
    }

    /// <summary>
    /// One job for all of <paramref name="tasks"/> (strictly ascending), for a service whose job takes any tasks of any
    /// experiments (Azure Batch): its chunk starts at the first task and counts the tasks; the gaps of a resumed subset
    /// are not its.
    /// </summary>
    public static IReadOnlyList<PlannedJob> One(RunPlan plan, IReadOnlyList<int> tasks)
    {
        if (tasks.Count == 0)
            return [];
        Plan(plan, tasks, int.MaxValue); // the same checks: ascending, none twice
        return [new PlannedJob(plan.ExperimentOf(tasks[0]).Name, new ArrayChunk(tasks[0], tasks.Count), tasks.Max(t => plan.Tasks[t].Points.Length))];
    }

    /// <summary>The jobs as one property value: <c>id:offset:count</c> (and <c>|detail</c>) per job, comma-separated.</summary>
    public static string Format(IEnumerable<SubmittedJob> jobs) => string.Join(',', jobs.Select(j =>
        string.Create(CultureInfo.InvariantCulture, $"{j.Id}:{j.Tasks.Offset}:{j.Tasks.Count}") + (j.Detail is null ? "" : "|" + j.Detail)));

    /// <summary>Reads <see cref="Format"/>'s text back; ids are split from the right, so an id holding ':' survives.</summary>
    public static IReadOnlyList<SubmittedJob> Parse(Submission submission, string key)
    {
        if (!submission.Properties.TryGetValue(key, out var text))
            throw new InvalidDataException($"Submission {submission.Id} does not hold its jobs ('{key}'); its journal entry is damaged.");
        var jobs = new List<SubmittedJob>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var bar = item.IndexOf('|', StringComparison.Ordinal);
            var parts = (bar < 0 ? item : item[..bar]).Split(':');
            if (parts.Length < 3
                || !int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                throw new InvalidDataException($"Submission {submission.Id} has a damaged job entry '{item}' (expected jobId:offset:count).");
            jobs.Add(new SubmittedJob(string.Join(':', parts[..^2]), new ArrayChunk(offset, count), bar < 0 ? null : item[(bar + 1)..]));
        }
        return jobs;
    }
}
