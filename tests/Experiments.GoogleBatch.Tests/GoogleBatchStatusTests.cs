using Experiments.Backends;
using Experiments.Backends.GoogleBatch;
using Experiments.Backends.GoogleBatch.Client;

namespace Experiments.GoogleBatch.Tests;

public sealed class GoogleBatchStatusTests
{
    private static readonly SubmittedJob First = new("exp-r-abc123-0", new ArrayChunk(0, 10), "uid-1");
    private static readonly SubmittedJob Second = new("exp-r-abc123-10", new ArrayChunk(10, 5), "uid-2");

    [Fact]
    public void Counts_by_task_state_map_to_task_states_and_uncounted_tasks_take_the_jobs_state()
    {
        var status = GoogleBatchStatus.Combine(
            [First, Second],
            [Answer("RUNNING", ("PENDING", 2), ("ASSIGNED", 1), ("RUNNING", 3), ("SUCCEEDED", 4)), Answer("QUEUED")],
            []);

        Assert.False(status.Finished);
        Assert.Equal((8, 3, 4), (status.Count(TaskState.Pending), status.Count(TaskState.Running), status.Count(TaskState.Succeeded)));
        Assert.Equal(15, status.Total);
        Assert.Null(status.Message);
    }

    [Fact]
    public void Final_jobs_are_finished_and_failures_are_named_then_counted()
    {
        var named = Enumerable.Range(0, 7).Select(i => $"task {i}: exit 1").ToList();

        var status = GoogleBatchStatus.Combine(
            [First, Second],
            [Answer("FAILED", ("FAILED", 7), ("SUCCEEDED", 3)), Answer("SUCCEEDED", ("SUCCEEDED", 5))],
            named);

        Assert.True(status.Finished);
        Assert.Equal((7, 8), (status.Count(TaskState.Failed), status.Count(TaskState.Succeeded)));
        Assert.StartsWith("7 Google Batch task(s) failed: task 0: exit 1; task 1: exit 1; task 2: exit 1; task 3: exit 1; task 4: exit 1; and 2 more.", status.Message);
    }

    [Fact]
    public void A_deleted_job_is_unknown_and_finished_and_a_failed_query_is_unknown_and_not_finished()
    {
        var gone = GoogleBatchStatus.Combine([First], [new JobAnswer(null, true, null)], []);
        var failing = GoogleBatchStatus.Combine([First], [new JobAnswer(null, false, "HTTP 503")], []);

        Assert.True(gone.Finished);
        Assert.Equal(10, gone.Count(TaskState.Unknown));
        Assert.Contains("no longer knows job(s) exp-r-abc123-0", gone.Message);
        Assert.False(failing.Finished);
        Assert.Equal(10, failing.Count(TaskState.Unknown));
        Assert.Contains("status query failed: HTTP 503", failing.Message);
    }

    [Fact]
    public void Tasks_of_a_cancelled_job_are_cancelled_not_failed()
    {
        var status = GoogleBatchStatus.Combine([First], [Answer("CANCELLED", ("FAILED", 2), ("UNEXECUTED", 5), ("SUCCEEDED", 3))], []);

        Assert.True(status.Finished);
        Assert.Equal((7, 0, 3), (status.Count(TaskState.Cancelled), status.Count(TaskState.Failed), status.Count(TaskState.Succeeded)));
    }

    [Fact]
    public void Counts_beyond_the_jobs_tasks_are_capped()
    {
        var status = GoogleBatchStatus.Combine([Second], [Answer("RUNNING", ("SUCCEEDED", 4), ("RUNNING", 9))], []);

        Assert.Equal((4, 1), (status.Count(TaskState.Succeeded), status.Count(TaskState.Running)));
        Assert.Equal(5, status.Total);
    }

    private static JobAnswer Answer(string state, params (string State, int Count)[] counts) => new(
        new Job
        {
            Status = new JobStatus
            {
                State = state,
                TaskGroups = counts.Length == 0
                    ? null
                    : new Dictionary<string, TaskGroupStatus> { ["group0"] = new() { Counts = counts.ToDictionary(c => c.State, c => c.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)) } },
            },
        },
        false,
        null);
}
