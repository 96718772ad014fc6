using Experiments.Backends;
using Experiments.Backends.AwsBatch;
using Experiments.Backends.AwsBatch.Client;

namespace Experiments.AwsBatch.Tests;

/// <summary>The client over real HTTP against moto, every request checked against the botocore model.</summary>
[Collection(MotoBatchCollection.Name)]
public sealed class AwsBatchClientTests(MotoBatch moto)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_definition_is_registered_once_and_found_again_by_its_content()
    {
        moto.Require();
        var paging = new PagingHandler(defaultPageSize: 1);
        using var client = moto.Client(paging);
        var name = Unique("def");
        var request = Definition(name, image: "registry.example/experiments/app@sha256:" + new string('a', 64));

        var first = await AwsBatchJobDefinitions.EnsureAsync(client, request, Cancellation);
        var again = await AwsBatchJobDefinitions.EnsureAsync(client, request, Cancellation);
        var changed = await AwsBatchJobDefinitions.EnsureAsync(client, request with { Timeout = new JobTimeout(7200) }, Cancellation);
        var firstAgain = await AwsBatchJobDefinitions.EnsureAsync(client, request, Cancellation); // now on another page than the newest

        Assert.True(first.Registered);
        Assert.False(again.Registered);
        Assert.Equal(first.Arn, again.Arn);
        Assert.True(changed.Registered);
        Assert.NotEqual(first.Arn, changed.Arn);
        Assert.False(firstAgain.Registered);
        Assert.Equal(first.Arn, firstAgain.Arn);
        var active = await client.DescribeAllJobDefinitionsAsync(new DescribeJobDefinitionsRequest { JobDefinitionName = name, Status = "ACTIVE" }, Cancellation);
        Assert.Equal(2, active.Count);
        var stored = Assert.Single(active, d => d.JobDefinitionArn == first.Arn);
        Assert.Equal(AwsBatchJobDefinitions.ContentHash(request), stored.Tags![AwsBatchJobDefinitions.ContentHashTag]);
        Assert.Equal(3, stored.RetryStrategy!.Attempts);
        Assert.Contains(stored.ContainerProperties!.ResourceRequirements!, r => r is { Type: "MEMORY", Value: "2048" });
        AssertNoViolations();
    }

    [Fact]
    public async Task Arrays_and_plain_jobs_are_submitted_listed_with_paging_described_and_terminated()
    {
        moto.Require();
        var paging = new PagingHandler(defaultPageSize: 100);
        using var client = moto.Client(paging);
        var definition = await AwsBatchJobDefinitions.EnsureAsync(client, Definition(Unique("def"), "busybox"), Cancellation);
        var template = new AwsBatchJobTemplate(Unique("run"), moto.JobQueue, definition.Arn,
            [new EnvironmentVariable("EXPERIMENTS_STORE", "s3://bucket/run")], new Dictionary<string, string> { ["experiments:run"] = "r1" });
        var plan = AwsBatchArrays.Plan([0, 1, 2, 3, 4, 7]); // an array of 5 and a lone task: a plain job

        var submitted = new List<SubmitJobResponse>();
        foreach (var request in AwsBatchArrays.Requests(plan, template))
            submitted.Add(await client.SubmitJobAsync(request, Cancellation));

        Assert.Equal(2, submitted.Count);
        Assert.All(submitted, s => Assert.False(string.IsNullOrEmpty(s.JobId)));
        var details = await client.DescribeAllJobsAsync(submitted.Select(s => s.JobId).ToList(), Cancellation);
        var array = details[submitted[0].JobId];
        var plain = details[submitted[1].JobId];
        Assert.Equal(5, array.ArrayProperties!.Size);
        Assert.Null(plain.ArrayProperties?.Size);
        Assert.Equal(template.JobNamePrefix + "-0-4", array.JobName);
        Assert.Equal(template.JobNamePrefix + "-7", plain.JobName);
        Assert.Contains(JobStatuses.All, s => s == array.Status);

        // Paging: the queue's jobs one per page (moto finishes jobs at once, so they are all SUCCEEDED).
        var pagesBefore = paging.Pages;
        var queued = await client.ListAllJobsAsync(new ListJobsRequest { JobQueue = moto.JobQueue, JobStatus = JobStatuses.Succeeded, MaxResults = 1 }, Cancellation);
        Assert.Contains(queued, j => j.JobId == submitted[0].JobId);
        Assert.Contains(queued, j => j.JobId == submitted[1].JobId);
        Assert.Equal(queued.Count, paging.Pages - pagesBefore);
        Assert.True(queued.Count >= 2);

        // moto's jobs end as soon as they are submitted; terminating an ended job is accepted and changes nothing, as on AWS.
        await client.TerminateJobAsync(new TerminateJobRequest(submitted[1].JobId, "cancelled by the test"), Cancellation);
        Assert.Equal(JobStatuses.Succeeded, (await WaitAsync(client, submitted[1].JobId, d => AwsBatchStates.IsFinal(d.Status))).Status);
        Assert.Contains(moto.Proxy.Requests, r => r is { Operation: "TerminateJob", Status: 200 });
        AssertNoViolations();
    }

    [Fact]
    public async Task The_children_of_an_array_are_listed_by_array_job_id_across_pages()
    {
        moto.Require();
        var paging = new PagingHandler(defaultPageSize: 100);
        using var client = moto.Client(paging);
        var definition = await AwsBatchJobDefinitions.EnsureAsync(client, Definition(Unique("def"), "busybox"), Cancellation);
        var request = AwsBatchArrays.Requests(AwsBatchArrays.Plan(5), new AwsBatchJobTemplate(Unique("array"), moto.JobQueue, definition.Arn, [])).Single();
        var parent = await client.SubmitJobAsync(request, Cancellation);
        await WaitAsync(client, parent.JobId, d => AwsBatchStates.IsFinal(d.Status));
        var pagesBefore = paging.Pages;

        var children = await client.ListAllJobsAsync(new ListJobsRequest { ArrayJobId = parent.JobId, JobStatus = JobStatuses.Succeeded, MaxResults = 2 }, Cancellation);

        // moto leaves out the children's arrayProperties.index (AWS reports it); their ids say it either way.
        Assert.Equal(Enumerable.Range(0, 5), children.Select(c => AwsBatchChildJobs.Index(c.JobId, c.ArrayProperties?.Index)!.Value).Order());
        Assert.All(children, c => Assert.StartsWith(parent.JobId + ":", c.JobId));
        Assert.Equal(3, paging.Pages - pagesBefore); // five children, two per page
        AssertNoViolations();
    }

    [Fact]
    public async Task Describing_many_jobs_takes_one_call_per_hundred_ids_and_leaves_out_unknown_ones()
    {
        moto.Require();
        using var client = moto.Client();
        var definition = await AwsBatchJobDefinitions.EnsureAsync(client, Definition(Unique("def"), "busybox"), Cancellation);
        var plain = AwsBatchArrays.Requests(AwsBatchArrays.Plan([0]), new AwsBatchJobTemplate(Unique("one"), moto.JobQueue, definition.Arn, [])).Single();
        var real = await client.SubmitJobAsync(plain, Cancellation);
        var ids = Enumerable.Range(0, 149).Select(i => $"00000000-0000-0000-0000-{i:D12}").Append(real.JobId).ToList();
        var before = moto.Proxy.Requests.Count(r => r.Operation == "DescribeJobs");

        var details = await client.DescribeAllJobsAsync(ids, Cancellation);

        Assert.Equal(2, moto.Proxy.Requests.Count(r => r.Operation == "DescribeJobs") - before);
        Assert.Equal([real.JobId], details.Keys);
        var tooMany = await Assert.ThrowsAsync<ArgumentException>(() => client.DescribeJobsAsync(new DescribeJobsRequest(ids), Cancellation));
        Assert.Contains("1 to 100 job ids, not 150", tooMany.Message);
        AssertNoViolations();
    }

    [Fact]
    public async Task A_refused_submission_names_the_code_and_what_to_check_and_is_not_retried()
    {
        moto.Require();
        var faults = new FaultInjectingHandler();
        using var client = moto.Client(faults);
        var definition = await AwsBatchJobDefinitions.EnsureAsync(client, Definition(Unique("def"), "busybox"), Cancellation);
        var before = faults.Sent;

        var error = await Assert.ThrowsAsync<AwsBatchException>(() => client.SubmitJobAsync(
            new SubmitJobRequest { JobName = "j", JobQueue = "no-such-queue-" + Unique("q"), JobDefinition = definition.Arn }, Cancellation));

        Assert.Equal(1, faults.Sent - before);
        Assert.Equal("ClientException", error.ErrorCode);
        Assert.Equal(400, error.StatusCode);
        Assert.True(error.IsClientError);
        Assert.Contains("SubmitJob", error.Message);
        Assert.Contains("job queue exists", error.Message);
        Assert.DoesNotContain(MotoBatch.Credentials.GetCredentials().SecretKey, error.Message);
        AssertNoViolations();
    }

    internal static RegisterJobDefinitionRequest Definition(string name, string image) =>
        new AwsBatchContainerSpec(image, Vcpus: 2, MemoryMiB: 2048, Attempts: 3, AttemptTimeoutSeconds: 3600,
            Environment: [new("EXPERIMENTS_PLAN", "s3://bucket/run/plan.json")]).ToRequest(name);

    internal static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>Polls DescribeJobs until the job is as wanted; moto moves jobs along in the background.</summary>
    internal static async Task<JobDetail> WaitAsync(IAwsBatchClient client, string jobId, Func<JobDetail, bool> done)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        limit.CancelAfter(TimeSpan.FromSeconds(90));
        while (true)
        {
            var answer = await client.DescribeJobsAsync(new DescribeJobsRequest([jobId]), limit.Token);
            var job = Assert.Single(answer.Jobs!);
            if (done(job))
                return job;
            await Task.Delay(250, limit.Token);
        }
    }

    private void AssertNoViolations() => Assert.Empty(moto.Proxy.Violations.Select(v => v.ToString()));
}
