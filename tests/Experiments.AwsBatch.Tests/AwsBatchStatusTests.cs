using Experiments.Backends;
using Experiments.Backends.AwsBatch;
using Experiments.Backends.AwsBatch.Client;

namespace Experiments.AwsBatch.Tests;

/// <summary>Status summaries into task counts: from moto's answers, and from answers moto cannot give (failed children).</summary>
[Collection(MotoBatchCollection.Name)]
public sealed class AwsBatchStatusTests(MotoBatch moto)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Arrays_and_plain_jobs_on_moto_end_as_succeeded_tasks_with_one_describe_per_poll()
    {
        moto.Require();
        using var client = moto.Client();
        var definition = await AwsBatchJobDefinitions.EnsureAsync(client, AwsBatchClientTests.Definition(AwsBatchClientTests.Unique("def"), "busybox"), Cancellation);
        var plan = AwsBatchArrays.Plan([0, 1, 2, 3, 4, 5, 6, 10]);
        var requests = AwsBatchArrays.Requests(plan, new AwsBatchJobTemplate(AwsBatchClientTests.Unique("status"), moto.JobQueue, definition.Arn, []));
        var jobs = new List<SubmittedJob>();
        for (var i = 0; i < requests.Count; i++)
            jobs.Add(new SubmittedJob((await client.SubmitJobAsync(requests[i], Cancellation)).JobId, plan[i]));
        var status = new AwsBatchStatus(client);

        SubmissionStatus answer;
        var polls = 0;
        var describesBefore = moto.Proxy.Requests.Count(r => r.Operation == "DescribeJobs");
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(Cancellation))
        {
            limit.CancelAfter(TimeSpan.FromSeconds(90));
            do
            {
                answer = await status.PollAsync(jobs, limit.Token);
                polls++;
                Assert.Equal(8, answer.Total);
                if (!answer.Finished)
                    await Task.Delay(250, limit.Token);
            }
            while (!answer.Finished);
        }

        Assert.Equal(8, answer.Count(TaskState.Succeeded));
        Assert.Null(answer.Message);
        Assert.Equal(polls, moto.Proxy.Requests.Count(r => r.Operation == "DescribeJobs") - describesBefore);
        Assert.Empty(moto.Proxy.Violations.Select(v => v.ToString()));
    }

    [Fact]
    public void A_parents_status_summary_counts_its_children()
    {
        var jobs = new[] { new SubmittedJob("a", new ArrayChunk(0, 10)), new SubmittedJob("b", new ArrayChunk(10, 1)) };
        var details = Details(
            new JobDetail("a", "run-0-9", JobStatuses.Running, ArrayProperties: new ArrayPropertiesDetail(
                new Dictionary<string, int> { ["SUBMITTED"] = 1, ["RUNNABLE"] = 2, ["STARTING"] = 1, ["RUNNING"] = 3, ["SUCCEEDED"] = 2, ["FAILED"] = 1 }, Size: 10)),
            new JobDetail("b", "run-10", JobStatuses.Runnable));

        var status = AwsBatchStatus.Combine(jobs, details, ["task 3 (job a:3): Essential container in task exited, exit 1"]);

        Assert.Equal(4, status.Count(TaskState.Pending));
        Assert.Equal(4, status.Count(TaskState.Running));
        Assert.Equal(2, status.Count(TaskState.Succeeded));
        Assert.Equal(1, status.Count(TaskState.Failed));
        Assert.False(status.Finished);
        Assert.Equal("1 AWS Batch task(s) failed: task 3 (job a:3): Essential container in task exited, exit 1.", status.Message);
    }

    [Fact]
    public void Children_not_yet_in_the_summary_follow_their_parent_and_lost_jobs_are_unknown()
    {
        var jobs = new[] { new SubmittedJob("new", new ArrayChunk(0, 4)), new SubmittedJob("done", new ArrayChunk(4, 3)), new SubmittedJob("gone", new ArrayChunk(7, 2)) };
        var details = Details(
            new JobDetail("new", "n", JobStatuses.Submitted),
            new JobDetail("done", "d", JobStatuses.Succeeded, ArrayProperties: new ArrayPropertiesDetail(new Dictionary<string, int>(), Size: 3)));

        var status = AwsBatchStatus.Combine(jobs, details, []);

        Assert.Equal(4, status.Count(TaskState.Pending));
        Assert.Equal(3, status.Count(TaskState.Succeeded));
        Assert.Equal(2, status.Count(TaskState.Unknown));
        Assert.False(status.Finished);
        Assert.Contains("no longer knows job(s) gone", status.Message);
    }

    [Fact]
    public void Finished_when_every_job_succeeded_or_failed_and_terminated_ones_are_cancelled()
    {
        var jobs = new[] { new SubmittedJob("a", new ArrayChunk(0, 3)), new SubmittedJob("b", new ArrayChunk(3, 1)), new SubmittedJob("c", new ArrayChunk(4, 1)) };
        var details = Details(
            new JobDetail("a", "a", JobStatuses.Failed, ArrayProperties: new ArrayPropertiesDetail(new Dictionary<string, int> { ["SUCCEEDED"] = 1, ["FAILED"] = 2 }, Size: 3)),
            new JobDetail("b", "b", JobStatuses.Failed, IsTerminated: true),
            new JobDetail("c", "c", JobStatuses.Succeeded));

        var named = Enumerable.Range(0, 7).Select(i => $"task {i}: boom").ToList();
        var status = AwsBatchStatus.Combine(jobs, details, named);

        Assert.True(status.Finished);
        Assert.Equal(2, status.Count(TaskState.Succeeded));
        Assert.Equal(2, status.Count(TaskState.Failed));
        Assert.Equal(1, status.Count(TaskState.Cancelled));
        Assert.StartsWith("2 AWS Batch task(s) failed: task 0: boom; task 1: boom; task 2: boom; task 3: boom; task 4: boom", status.Message);
    }

    [Fact]
    public async Task Failed_children_are_named_with_their_reason_exit_code_and_log_stream_once()
    {
        var client = new RecordingClient();
        var jobs = new[] { new SubmittedJob("parent", new ArrayChunk(100, 5)) };
        var status = new AwsBatchStatus(client);

        var first = await status.PollAsync(jobs, Cancellation);
        var second = await status.PollAsync(jobs, Cancellation);

        Assert.Equal(2, first.Count(TaskState.Failed));
        Assert.Equal(
            "2 AWS Batch task(s) failed: task 101 (job parent:1): Essential container in task exited, exit 137, OutOfMemoryError: Container killed due to memory usage, log stream app/default/abc; " +
            "task 104 (job parent:4): Host EC2 instance terminated, log stream app/default/def.",
            first.Message);
        Assert.Equal(first.Message, second.Message);
        Assert.Equal(["DescribeJobs parent", "ListJobs parent FAILED", "DescribeJobs parent:1,parent:4", "DescribeJobs parent"], client.Calls);
    }

    private static Dictionary<string, JobDetail> Details(params JobDetail[] details) => details.ToDictionary(d => d.JobId);

    /// <summary>AWS's answers for an array with two failed children, which moto (no containers) cannot produce.</summary>
    private sealed class RecordingClient : IAwsBatchClient
    {
        public List<string> Calls { get; } = [];

        public Task<DescribeJobsResponse> DescribeJobsAsync(DescribeJobsRequest request, CancellationToken cancellationToken = default)
        {
            Calls.Add("DescribeJobs " + string.Join(",", request.Jobs));
            return Task.FromResult(new DescribeJobsResponse(request.Jobs.Select(Detail).ToList()));
        }

        public Task<ListJobsResponse> ListJobsAsync(ListJobsRequest request, CancellationToken cancellationToken = default)
        {
            Calls.Add($"ListJobs {request.ArrayJobId} {request.JobStatus}");
            return Task.FromResult(new ListJobsResponse([
                new JobSummary("parent:1", "run", JobStatuses.Failed, ArrayProperties: new ArrayPropertiesSummary(Index: 1)),
                new JobSummary("parent:4", "run", JobStatuses.Failed, ArrayProperties: new ArrayPropertiesSummary(Index: 4)),
            ]));
        }

        private static JobDetail Detail(string id) => id switch
        {
            "parent" => new JobDetail("parent", "run", JobStatuses.Running, ArrayProperties: new ArrayPropertiesDetail(
                new Dictionary<string, int> { ["RUNNING"] = 3, ["FAILED"] = 2 }, Size: 5)),
            "parent:1" => new JobDetail(id, "run", JobStatuses.Failed, StatusReason: "Essential container in task exited",
                Container: new ContainerDetail(ExitCode: 137, Reason: "OutOfMemoryError: Container killed due to memory usage", LogStreamName: "app/default/abc"),
                ArrayProperties: new ArrayPropertiesDetail(Index: 1)),
            _ => new JobDetail(id, "run", JobStatuses.Failed, StatusReason: "Host EC2 instance terminated",
                Attempts: [new AttemptDetail(new AttemptContainerDetail(LogStreamName: "app/default/def"))],
                ArrayProperties: new ArrayPropertiesDetail(Index: 4)),
        };

        public Task<RegisterJobDefinitionResponse> RegisterJobDefinitionAsync(RegisterJobDefinitionRequest request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<DescribeJobDefinitionsResponse> DescribeJobDefinitionsAsync(DescribeJobDefinitionsRequest request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<SubmitJobResponse> SubmitJobAsync(SubmitJobRequest request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task TerminateJobAsync(TerminateJobRequest request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
