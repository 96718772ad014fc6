using System.Diagnostics;
using System.Text.Json;
using Experiments.Backends;
using Experiments.Backends.Container;
using Experiments.Backends.GoogleBatch;
using Experiments.Backends.GoogleBatch.Client;
using Experiments.CloudEmulators.Contracts;
using Experiments.GoogleBatch.Tests.Support;
using Experiments.Registry;

namespace Experiments.GoogleBatch.Tests;

public sealed class GoogleBatchJobsTests
{
    private const string Parent = "projects/my-project/locations/us-central1";

    private static readonly GoogleBatchOptions Options = new()
    {
        Project = "my-project",
        Region = "us-central1",
        Store = "gs://bucket/exp",
        Image = new ContainerImageOptions { Registry = "us-central1-docker.pkg.dev", Repository = "my-project/exp/app" },
    };

    private static GoogleBatchJobTemplate Template(GoogleBatchOptions? options = null) => new(
        "us-central1-docker.pkg.dev/my-project/exp/app:0123456789abcdef",
        [new("EXPERIMENTS_PLAN", "gs://bucket/exp/runs/r1/plan.json"), new("EXPERIMENTS_STORE", "gs://bucket/exp/runs/r1")],
        new Dictionary<string, string> { [GoogleBatchJobs.RunLabel] = "r1" },
        options ?? Options);

    [Fact]
    public void A_250000_point_plan_at_one_point_per_task_is_three_jobs_of_at_most_100000_tasks()
    {
        var experiment = Descriptors.WithPoints("Big.Sweep", 250_000);
        var clock = Stopwatch.StartNew();
        var plan = RunPlanner.Plan("20250101-120000-abcd", [PlanSelection.All(experiment)], 1);
        var planned = clock.Elapsed;
        var jobs = GoogleBatchJobs.Plan(new SubmitRequest(GoogleCloud.Package, plan, "plan.json", "."), "exp-20250101-120000-abcd-x1y2z3", Template());
        clock.Stop();
        TestContext.Current.TestOutputHelper!.WriteLine(
            $"250,000 points: RunPlanner {planned.TotalMilliseconds:0.0} ms, then {jobs.Count} Google Batch jobs in {(clock.Elapsed - planned).TotalMilliseconds:0.0} ms ({clock.Elapsed.TotalMilliseconds:0.0} ms in all).");

        Assert.Equal(250_000, plan.Tasks.Count);
        Assert.Equal([100_000L, 100_000L, 50_000L], jobs.Select(j => j.Spec.TaskGroups!.Single().TaskCount!.Value));
        Assert.Equal([0, 100_000, 200_000], jobs.Select(j => j.Tasks.Offset));
        Assert.Equal(["0", "100000", "200000"], jobs.Select(j => j.Spec.TaskGroups![0].TaskSpec!.Environment!.Variables!["EXPERIMENTS_TASK_OFFSET"]));
        Assert.Equal(["exp-20250101-120000-abcd-x1y2z3-0", "exp-20250101-120000-abcd-x1y2z3-100000", "exp-20250101-120000-abcd-x1y2z3-200000"], jobs.Select(j => j.JobId));
        Assert.All(jobs, j => Assert.Single(j.Spec.TaskGroups!));
        foreach (var job in jobs)
            Assert.Empty(Violations(job));
    }

    [Fact]
    public void A_job_runs_the_image_entry_point_with_the_run_environment_resources_retries_and_labels()
    {
        var experiment = Descriptors.WithPoints("Phase.Run", 40);
        var plan = RunPlanner.Plan("r1", [PlanSelection.All(experiment)], 4);
        var resources = new Dictionary<string, ExperimentResources> { ["Phase.Run"] = new(TimeSpan.FromMinutes(5), 0, 2, "3GB", 3_000_000_000, 0) };

        var job = Assert.Single(GoogleBatchJobs.Plan(new SubmitRequest(GoogleCloud.Package, plan, "plan.json", ".", null, resources), "exp-r1-abc123", Template()));

        var group = Assert.Single(job.Spec.TaskGroups!);
        Assert.Equal(10, group.TaskCount);
        Assert.Null(group.Parallelism);
        var spec = group.TaskSpec!;
        var container = Assert.Single(spec.Runnables!).Container!;
        Assert.Equal("us-central1-docker.pkg.dev/my-project/exp/app:0123456789abcdef", container.ImageUri);
        Assert.Null(container.Entrypoint);
        Assert.Null(container.Commands);
        Assert.Equal(new Dictionary<string, string>
        {
            ["EXPERIMENTS_PLAN"] = "gs://bucket/exp/runs/r1/plan.json",
            ["EXPERIMENTS_STORE"] = "gs://bucket/exp/runs/r1",
            ["EXPERIMENTS_TASK_OFFSET"] = "0",
        }, spec.Environment!.Variables);
        Assert.Equal((2000L, 2862L), (spec.ComputeResource!.CpuMilli!.Value, spec.ComputeResource.MemoryMib!.Value));
        Assert.Equal(1, spec.MaxRetryCount);
        // (5 min + 30 s grace) × 4 points + 10 min.
        Assert.Equal("1920s", spec.MaxRunDuration);
        Assert.Null(job.Spec.AllocationPolicy);
        Assert.Equal("CLOUD_LOGGING", job.Spec.LogsPolicy!.Destination);
        Assert.Equal("r1", job.Spec.Labels![GoogleBatchJobs.RunLabel]);
        Assert.Equal("phase-run", job.Spec.Labels[GoogleBatchJobs.ExperimentLabel]);
        Assert.Empty(Violations(job));
    }

    [Fact]
    public void The_body_carries_int64_members_as_strings_and_int32_members_as_numbers()
    {
        var plan = RunPlanner.Plan("r1", [PlanSelection.All(Descriptors.WithPoints("A.B", 3))], 1);
        var job = GoogleBatchJobs.Plan(new SubmitRequest(GoogleCloud.Package, plan, "plan.json", "."), "exp-r1-abc123", Template(Options with { Parallelism = 2 }))[0];

        var json = JsonSerializer.SerializeToElement(job.Spec, GoogleBatchJson.Options);

        var group = json.GetProperty("taskGroups")[0];
        Assert.Equal(JsonValueKind.String, group.GetProperty("taskCount").ValueKind);
        Assert.Equal("2", group.GetProperty("parallelism").GetString());
        Assert.Equal("1000", group.GetProperty("taskSpec").GetProperty("computeResource").GetProperty("cpuMilli").GetString());
        Assert.Equal(JsonValueKind.Number, group.GetProperty("taskSpec").GetProperty("maxRetryCount").ValueKind);
        Assert.False(json.TryGetProperty("name", out _));
        Assert.False(group.GetProperty("taskSpec").TryGetProperty("maxRunDuration", out _));
    }

    [Fact]
    public void A_new_job_starts_where_the_experiment_changes_and_where_resumed_task_numbers_jump()
    {
        var plan = RunPlanner.Plan("r1", [PlanSelection.All(Descriptors.WithPoints("A.One", 6)), PlanSelection.All(Descriptors.WithPoints("B.Two", 4))], 2);
        var resources = new Dictionary<string, ExperimentResources> { ["B.Two"] = new(null, 0, 4, null, null, 1) };

        var all = GoogleBatchJobs.Plan(new SubmitRequest(GoogleCloud.Package, plan, "plan.json", ".", null, resources), "exp-r1-abc123", Template());
        var resumed = GoogleBatchJobs.Plan(new SubmitRequest(GoogleCloud.Package, plan, "plan.json", ".", [0, 2, 3, 4]), "exp-r1-def456", Template());

        Assert.Equal([("A.One", new ArrayChunk(0, 3)), ("B.Two", new ArrayChunk(3, 2))], all.Select(j => (j.Experiment, j.Tasks)));
        Assert.Equal(4000L, all[1].Spec.TaskGroups![0].TaskSpec!.ComputeResource!.CpuMilli);
        var accelerator = Assert.Single(all[1].Spec.AllocationPolicy!.Instances![0].Policy!.Accelerators!);
        Assert.Equal(("nvidia-tesla-t4", 1L), (accelerator.Type, accelerator.Count!.Value));
        Assert.True(all[1].Spec.AllocationPolicy!.Instances![0].InstallGpuDrivers);
        Assert.Null(all[0].Spec.AllocationPolicy);
        Assert.Equal([new ArrayChunk(0, 1), new ArrayChunk(2, 1), new ArrayChunk(3, 2)], resumed.Select(j => j.Tasks));
        Assert.Equal(["exp-r1-def456-0", "exp-r1-def456-2", "exp-r1-def456-3"], resumed.Select(j => j.JobId));
        foreach (var job in all.Concat(resumed))
            Assert.Empty(Violations(job));
    }

    [Fact]
    public void Machine_type_spot_service_account_and_network_go_into_the_allocation_policy()
    {
        var options = Options with
        {
            MachineType = "n2-standard-8", ProvisioningModel = "SPOT", ServiceAccount = "w@my-project.iam.gserviceaccount.com",
            Network = "projects/my-project/global/networks/vpc", Subnetwork = "projects/my-project/regions/us-central1/subnetworks/sub", MaxRetryCount = 4,
        };
        var plan = RunPlanner.Plan("r1", [PlanSelection.All(Descriptors.WithPoints("A.B", 3))], 1);

        var job = GoogleBatchJobs.Plan(new SubmitRequest(GoogleCloud.Package, plan, "plan.json", "."), "exp-r1-abc123", Template(options))[0];

        var policy = job.Spec.AllocationPolicy!;
        Assert.Equal(("n2-standard-8", "SPOT"), (policy.Instances![0].Policy!.MachineType, policy.Instances[0].Policy!.ProvisioningModel));
        Assert.Null(policy.Instances[0].Policy!.Accelerators);
        Assert.Equal("w@my-project.iam.gserviceaccount.com", policy.ServiceAccount!.Email);
        Assert.Equal(("projects/my-project/global/networks/vpc", "projects/my-project/regions/us-central1/subnetworks/sub"),
            (policy.Network!.NetworkInterfaces![0].Network, policy.Network.NetworkInterfaces[0].Subnetwork));
        Assert.Equal(4, job.Spec.TaskGroups![0].TaskSpec!.MaxRetryCount);
        Assert.Empty(Violations(job));
    }

    [Fact]
    public void Job_ids_are_valid_batch_ids_distinct_per_submission()
    {
        var first = GoogleBatchJobIds.NewPrefix("20250101-120000-ABCD");
        var second = GoogleBatchJobIds.NewPrefix("20250101-120000-ABCD");

        Assert.StartsWith("exp-20250101-120000-abcd-", first);
        Assert.NotEqual(first, second);
        Assert.True(GoogleBatchJobIds.IsValid(GoogleBatchJobIds.For(first, 2_147_483_647)));
        Assert.True(GoogleBatchJobIds.IsValid(GoogleBatchJobIds.For(GoogleBatchJobIds.NewPrefix(new string('Z', 200) + "__.."), 99_999)));
        Assert.Equal("run", GoogleBatchJobIds.Sanitize("---"));
        Assert.False(GoogleBatchJobIds.IsValid("1abc"));
        Assert.False(GoogleBatchJobIds.IsValid("abc-"));
    }

    /// <summary>The jobs.create request this job makes, against the discovery document.</summary>
    private static IReadOnlyList<ContractViolation> Violations(GoogleBatchJobRequest job) =>
        DiscoveryContract.GoogleBatch.Validate("POST", $"/v1/{Parent}/jobs", new Dictionary<string, string> { ["jobId"] = job.JobId },
            JsonSerializer.SerializeToElement(job.Spec, GoogleBatchJson.Options));
}
