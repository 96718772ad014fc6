using System.Diagnostics;
using Experiments.Backends;
using Experiments.Backends.AwsBatch;
using Experiments.Backends.AwsBatch.Client;

namespace Experiments.AwsBatch.Tests;

public sealed class AwsBatchArraysTests
{
    private static readonly AwsBatchJobTemplate Template = new("run-1", "queue", "arn:aws:batch:us-east-1:123456789012:job-definition/app:3",
        [new EnvironmentVariable("EXPERIMENTS_STORE", "s3://bucket/run-1")]);

    [Fact]
    public void A_250000_task_plan_is_25_full_arrays()
    {
        var clock = Stopwatch.StartNew();
        var jobs = AwsBatchArrays.Plan(Enumerable.Range(0, 250_000).ToList());
        var requests = AwsBatchArrays.Requests(jobs, Template);
        clock.Stop();
        TestContext.Current.TestOutputHelper!.WriteLine($"Planned 250,000 tasks as {requests.Count} AWS Batch jobs in {clock.Elapsed.TotalMilliseconds:0.0} ms.");

        Assert.Equal(25, requests.Count);
        Assert.All(requests, r => Assert.Equal(10_000, r.ArrayProperties!.Size));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (i * 10_000).ToString()), requests.Select(r => Offset(r)));
        Assert.Equal(250_000, requests.Sum(r => r.ArrayProperties!.Size));
        Assert.Equal(requests.Count, requests.Select(r => r.JobName).Distinct().Count());
    }

    [Fact]
    public void A_leftover_single_task_is_a_plain_job_with_an_index_of_zero()
    {
        var requests = AwsBatchArrays.Requests(AwsBatchArrays.Plan(10_001), Template);

        Assert.Equal(2, requests.Count);
        Assert.Equal(10_000, requests[0].ArrayProperties!.Size);
        Assert.Equal("run-1-0-9999", requests[0].JobName);
        Assert.DoesNotContain(requests[0].ContainerOverrides!.Environment!, v => v.Name == AwsBatchArrays.TaskIndexVariable);
        Assert.Null(requests[1].ArrayProperties);
        Assert.Equal("run-1-10000", requests[1].JobName);
        Assert.Equal("10000", Offset(requests[1]));
        Assert.Contains(new EnvironmentVariable(AwsBatchArrays.TaskIndexVariable, "0"), requests[1].ContainerOverrides!.Environment!);
        Assert.All(requests, r => Assert.Contains(new EnvironmentVariable("EXPERIMENTS_STORE", "s3://bucket/run-1"), r.ContainerOverrides!.Environment!));
    }

    [Fact]
    public void A_resumed_subset_becomes_one_job_per_run_of_consecutive_tasks()
    {
        var jobs = AwsBatchArrays.Plan([3, 4, 5, 9, 20, 21]);

        Assert.Equal([new ArrayChunk(3, 3), new ArrayChunk(9, 1), new ArrayChunk(20, 2)], jobs);
        var requests = AwsBatchArrays.Requests(jobs, Template);
        Assert.Equal([3, null, 2], requests.Select(r => r.ArrayProperties?.Size));
        Assert.Equal(["3", "9", "20"], requests.Select(Offset));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-starts-with-hyphen")]
    [InlineData("has space")]
    [InlineData("dots.are.not.allowed")]
    public void A_bad_job_name_prefix_is_refused_with_the_rule(string prefix)
    {
        var error = Assert.Throws<ArgumentException>(() => AwsBatchArrays.Requests(AwsBatchArrays.Plan(3), Template with { JobNamePrefix = prefix }));

        Assert.Contains($"'{prefix}'", error.Message);
        Assert.Contains("letters, numbers, hyphens and underscores", error.Message);
    }

    [Fact]
    public void The_offset_is_the_planners_own_variable()
    {
        var template = Template with { Environment = [new EnvironmentVariable(AwsBatchArrays.TaskOffsetVariable, "5")] };

        var error = Assert.Throws<ArgumentException>(() => AwsBatchArrays.Requests(AwsBatchArrays.Plan(3), template));

        Assert.Contains("EXPERIMENTS_TASK_OFFSET is set per job", error.Message);
    }

    private static string Offset(SubmitJobRequest request) =>
        request.ContainerOverrides!.Environment!.Single(v => v.Name == AwsBatchArrays.TaskOffsetVariable).Value;
}
