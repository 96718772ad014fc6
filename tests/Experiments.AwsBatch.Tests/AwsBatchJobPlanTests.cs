using System.Diagnostics;
using Experiments.AwsBatch.Tests.Backend;
using Experiments.Backends;
using Experiments.Backends.AwsBatch;
using Experiments.Registry;

namespace Experiments.AwsBatch.Tests;

/// <summary>How a request's tasks become AWS Batch jobs and job definitions.</summary>
public sealed class AwsBatchJobPlanTests(ITestOutputHelper output)
{
    private static readonly AwsBatchOptions Options = new()
    {
        Image = new() { Registry = "123456789012.dkr.ecr.eu-west-1.amazonaws.com", Repository = "experiments/study" },
        Store = "s3://bucket/prefix",
        JobQueue = "q",
    };

    [Fact]
    public void A_new_job_starts_where_the_experiment_changes_the_numbers_jump_or_ten_thousand_tasks_are_reached()
    {
        var plan = Plans.Plan("run", 1, Plans.Experiment("A", 10_003), Plans.Experiment("B", 1), Plans.Experiment("C", 6));
        int[] tasks = [.. Enumerable.Range(0, 10_004), 10_004, 10_006, 10_007, 10_009];

        var jobs = BatchJobs.Plan(plan, tasks, AwsBatchArrays.MaxArraySize);

        Assert.Equal(
            [("A", new ArrayChunk(0, 10_000)), ("A", new ArrayChunk(10_000, 3)), ("B", new ArrayChunk(10_003, 1)), ("C", new ArrayChunk(10_004, 1)),
             ("C", new ArrayChunk(10_006, 2)), ("C", new ArrayChunk(10_009, 1))],
            jobs.Select(j => (j.Experiment, j.Tasks)));
        Assert.All(jobs, j => Assert.Equal(1, j.MaxPoints));
        Assert.Throws<ArgumentException>(() => BatchJobs.Plan(plan, [3, 2], AwsBatchArrays.MaxArraySize));
    }

    [Fact]
    public void A_plan_of_250_000_points_one_per_task_is_25_array_jobs_planned_in_well_under_a_second()
    {
        var plan = Plans.Plan("big", 1, Plans.Experiment("Big", 250_000));
        var template = new AwsBatchJobTemplate("exp-big-0123abcd", "q", "arn:aws:batch:eu-west-1:123456789012:job-definition/d:1",
            [new("EXPERIMENTS_PLAN", "s3://bucket/prefix/runs/big/plan.json"), new("EXPERIMENTS_STORE", "s3://bucket/prefix/runs/big")]);

        var clock = Stopwatch.StartNew();
        var jobs = BatchJobs.Plan(plan, Enumerable.Range(0, plan.Tasks.Count).ToArray(), AwsBatchArrays.MaxArraySize);
        var requests = AwsBatchArrays.Requests(jobs.Select(j => j.Tasks).ToList(), template);
        clock.Stop();
        output.WriteLine($"250,000 points: {jobs.Count} array jobs planned in {clock.Elapsed.TotalMilliseconds:0.0} ms");

        Assert.Equal(250_000, plan.Tasks.Count);
        Assert.Equal(25, jobs.Count);
        Assert.Equal(25, requests.Count);
        Assert.All(requests, r => Assert.Equal(10_000, r.ArrayProperties!.Size));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => i * 10_000), jobs.Select(j => j.Tasks.Offset));
        Assert.Equal("exp-big-0123abcd-240000-249999", requests[^1].JobName);
    }

    [Fact]
    public void The_definition_asks_for_the_experiments_resources_and_a_timeout_for_all_its_points()
    {
        var resources = new ExperimentResources(TimeSpan.FromSeconds(10), 0, Cpus: 4, "3GiB", 3L << 30, Gpus: 1);

        var spec = AwsBatchJobPlan.Spec("img", resources, maxPoints: 3, Options);
        var plain = AwsBatchJobPlan.Spec("img", ExperimentResources.Default, maxPoints: 3, Options);
        var request = AwsBatchJobPlan.Definition(spec, Options);

        Assert.Equal((4d, 3072, 1, 2), (spec.Vcpus, spec.MemoryMiB, spec.Gpus, spec.Attempts));
        Assert.Equal((10 + 30) * 3 + 300, spec.AttemptTimeoutSeconds);
        Assert.Equal((1d, AwsBatchJobPlan.DefaultMemoryMiB, 0, (int?)null), (plain.Vcpus, plain.MemoryMiB, plain.Gpus, plain.AttemptTimeoutSeconds));
        Assert.Equal("experiments-experiments-study", request.JobDefinitionName);
        Assert.Null(request.PlatformCapabilities);
        Assert.Equal(["FARGATE"], AwsBatchJobPlan.Definition(spec, Options with { Platform = "FARGATE", ExecutionRoleArn = "arn:aws:iam::1:role/x" }).PlatformCapabilities);
        Assert.Equal(30 + 300, AwsBatchJobPlan.TimeoutSeconds(TimeSpan.Zero, 0));
    }

    [Fact]
    public void Job_names_start_with_the_run_and_a_token_and_stay_within_what_AWS_accepts()
    {
        var prefix = AwsBatchJobPlan.NamePrefix("20261121-140000-ab12", "0a1b2c3d");
        var longPrefix = AwsBatchJobPlan.NamePrefix(new string('r', 300) + ".x", "0a1b2c3d");

        Assert.Equal("exp-20261121-140000-ab12-0a1b2c3d", prefix);
        Assert.True(AwsBatchJobDefinitions.IsValidName(longPrefix));
        Assert.Equal(AwsBatchArrays.MaxJobNameLength - 22, longPrefix.Length);
        Assert.EndsWith("-0a1b2c3d", longPrefix);
    }

    [Fact]
    public void Submission_facts_survive_the_journal_and_name_each_tasks_job()
    {
        var facts = new AwsBatchSubmissionFacts([new SubmittedJob("a-1", new ArrayChunk(0, 5)), new SubmittedJob("b-2", new ArrayChunk(7, 1))], "eu-west-1", "q", "exp-run-token");
        var submission = new Submission("aws-batch", "exp-run-token", "run", "pkg", "s3://b/p/runs/run", facts.JobIds, [0, 1, 2, 3, 4, 7], DateTimeOffset.UtcNow, facts.ToProperties());

        var again = AwsBatchSubmissionFacts.Of(submission);

        Assert.Equal("a-1:0:5,b-2:7:1", submission.Properties["jobs"]);
        Assert.Equal(facts.Jobs, again.Jobs);
        Assert.Equal(("eu-west-1", "q", "exp-run-token"), (again.Region, again.JobQueue, again.JobNamePrefix));
        Assert.Equal("a-1:3", AwsBatchSubmissionFacts.TaskJobId(again.Jobs.FirstOrDefault(j => j.Runs(3)), 3));
        Assert.Equal("b-2", AwsBatchSubmissionFacts.TaskJobId(again.Jobs.FirstOrDefault(j => j.Runs(7)), 7));
        Assert.Null(AwsBatchSubmissionFacts.TaskJobId(again.Jobs.FirstOrDefault(j => j.Runs(5)), 5));
    }
}
