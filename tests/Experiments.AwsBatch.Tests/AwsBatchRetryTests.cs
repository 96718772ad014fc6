using Experiments.Backends.AwsBatch;
using Experiments.Backends.AwsBatch.Client;

namespace Experiments.AwsBatch.Tests;

/// <summary>Throttling, server errors and dropped connections injected in front of the real HTTP handler to moto.</summary>
[Collection(MotoBatchCollection.Name)]
public sealed class AwsBatchRetryTests(MotoBatch moto)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Throttling_twice_then_success_is_one_successful_call()
    {
        moto.Require();
        var faults = new FaultInjectingHandler();
        using var client = moto.Client(faults);
        faults.Answer(429, "TooManyRequestsException", "Too Many Requests", times: 2);

        var answer = await client.ListJobsAsync(new ListJobsRequest { JobQueue = moto.JobQueue, JobStatus = JobStatuses.Succeeded }, Cancellation);

        Assert.NotNull(answer.JobSummaryList);
        Assert.Equal(3, faults.Sent);
        Assert.Equal(1, faults.Passed);
    }

    [Fact]
    public async Task Server_errors_and_dropped_connections_are_retried()
    {
        moto.Require();
        var faults = new FaultInjectingHandler();
        using var client = moto.Client(faults);
        faults.Answer(503, "ServerException", "Service Unavailable");
        faults.DropConnection();
        faults.Answer(500, "ServerException", "Internal failure");

        var definition = await AwsBatchJobDefinitions.EnsureAsync(client, AwsBatchClientTests.Definition(AwsBatchClientTests.Unique("retry"), "busybox"), Cancellation);

        Assert.True(definition.Registered);
        Assert.Equal(2 + 3, faults.Sent); // DescribeJobDefinitions and RegisterJobDefinition, after three faults
        Assert.Equal(2, faults.Passed);
    }

    [Fact]
    public async Task A_SubmitJob_without_an_answer_is_not_sent_again_but_reported_as_possibly_applied()
    {
        moto.Require();
        var faults = new FaultInjectingHandler();
        using var client = moto.Client(faults);
        var request = new SubmitJobRequest { JobName = "j", JobQueue = moto.JobQueue, JobDefinition = "d:1" };
        faults.Answer(429, "TooManyRequestsException", "Too Many Requests");
        faults.DropConnection();

        var dropped = await Assert.ThrowsAsync<AwsBatchException>(() => client.SubmitJobAsync(request, Cancellation));
        faults.Answer(503, "ServerException", "Service Unavailable");
        var failed = await Assert.ThrowsAsync<AwsBatchException>(() => client.SubmitJobAsync(request, Cancellation));

        Assert.Equal(3, faults.Sent); // throttling is retried (the request was refused); a lost answer and a 503 are not
        Assert.Equal(0, faults.Passed);
        Assert.True(dropped.MayHaveBeenApplied);
        Assert.True(failed.MayHaveBeenApplied);
        Assert.Equal(503, failed.StatusCode);
        Assert.Contains("may or may not have been carried out", dropped.Message);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        moto.Require();
        var faults = new FaultInjectingHandler();
        using var client = moto.Client(faults);
        faults.Answer(400, "ClientException", "The job queue is not ENABLED.");

        var error = await Assert.ThrowsAsync<AwsBatchException>(() =>
            client.SubmitJobAsync(new SubmitJobRequest { JobName = "j", JobQueue = moto.JobQueue, JobDefinition = "d:1" }, Cancellation));

        Assert.Equal(1, faults.Sent);
        Assert.Equal("ClientException", error.ErrorCode);
        Assert.StartsWith("AWS Batch refused SubmitJob in us-east-1 (ClientException, HTTP 400): The job queue is not ENABLED. Check that the job queue exists", error.Message);
    }

    [Fact]
    public async Task Retries_stop_after_the_attempt_limit_with_the_last_failure()
    {
        moto.Require();
        var faults = new FaultInjectingHandler();
        using var client = moto.Client(faults, new AwsBatchRetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) });
        faults.Answer(429, "TooManyRequestsException", "Rate exceeded", times: 5);

        var error = await Assert.ThrowsAsync<AwsBatchException>(() => client.DescribeJobsAsync(new DescribeJobsRequest(["x"]), Cancellation));

        Assert.Equal(3, faults.Sent);
        Assert.Equal(0, faults.Passed);
        Assert.Equal("TooManyRequestsException", error.ErrorCode);
        Assert.False(error.IsClientError);
        Assert.Contains("after 3 attempt(s)", error.Message);
        Assert.Contains("TooManyRequestsException: Rate exceeded", error.Message);
    }

    [Fact]
    public async Task Cancellation_stops_the_retries()
    {
        moto.Require();
        var faults = new FaultInjectingHandler();
        using var client = moto.Client(faults, new AwsBatchRetryPolicy { BaseDelay = TimeSpan.FromMinutes(1), MaxDelay = TimeSpan.FromMinutes(1) });
        faults.Answer(503, "ServerException", "down", times: 10);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);

        var call = client.DescribeJobsAsync(new DescribeJobsRequest(["x"]), cancel.Token);
        while (faults.Sent == 0)
            await Task.Delay(10, Cancellation);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(faults.Sent < 10, "the retries stopped before the faults ran out");
    }

    [Fact]
    public void Backoff_waits_are_jittered_below_an_exponentially_growing_cap()
    {
        var policy = new AwsBatchRetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };
        var random = new Random(7);

        var waits = Enumerable.Range(1, 6).Select(retry => Enumerable.Range(0, 200).Select(_ => policy.Delay(retry, random)).ToList()).ToList();

        double[] caps = [100, 200, 400, 800, 1000, 1000];
        for (var i = 0; i < caps.Length; i++)
        {
            Assert.All(waits[i], w => Assert.InRange(w.TotalMilliseconds, 0, caps[i]));
            Assert.True(waits[i].Distinct().Count() > 150, "full jitter spreads the waits");
            Assert.True(waits[i].Max().TotalMilliseconds > caps[i] * 0.8, "the waits reach up to the cap");
        }
    }
}
