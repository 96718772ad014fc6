using System.Text.Json.Nodes;
using Experiments.Backends.AwsBatch;
using Experiments.CloudEmulators.AwsBatch;
using Experiments.Schema;
using Experiments.TestSupport.Services;
using Experiments.Tool.Tests.Cloud.Support;
using Experiments.Tool.Tests.EndToEnd;

namespace Experiments.Tool.Tests.Cloud.AwsBatch;

/// <summary>
/// <c>dotnet experiment run --backend aws-batch</c> against moto's Batch and S3, through the contract-checking proxy
/// hosted in this process: the tool pushes the image to the test registry, uploads the plan to S3, registers a job
/// definition and submits array jobs; the proxy's fleet runs each child from the pushed image's unpacked root filesystem
/// with what the compute environment provides (the job role's credentials, the region, the S3 endpoint), and the tool
/// collects the records from moto's S3.
/// </summary>
[Collection(CloudSweepsCollection.Name)]
public sealed class AwsBatchEndToEndTests(CloudSweepsProject sweeps)
{
    private const string AccessKey = "AKIAEXPERIMENTSE2E";
    private const string SecretKey = "moto-e2e-secret-never-in-a-job";

    /// <summary>The tool's shell has temporary credentials (as with SSO or an assumed role); moto checks no signature.</summary>
    private const string SessionToken = "moto-e2e-session-token-never-in-a-job";
    private static readonly IReadOnlyDictionary<string, string> AwsEnvironment = MotoAccount.Environment(AccessKey, SecretKey);

    [Fact]
    public async Task A_sweep_on_aws_batch_records_the_same_outcomes_as_the_local_backend()
    {
        sweeps.RequireRegistry();
        RequiredService.Require("moto", await MotoAccount.WhyUnavailableAsync(), "sudo tests/Cloud/moto.sh");
        var ct = TestContext.Current.CancellationToken;
        var (localExitCode, _) = await sweeps.LocalOutcomesAsync();

        var account = await MotoAccount.CreateAsync("experiments-e2e", cancellationToken: ct);
        var fleet = sweeps.Fleet(AwsEnvironment);
        await using var proxy = new AwsBatchContractProxy(MotoAccount.Moto, fleet.RunAsync) { Parallelism = 2 };
        var endpoint = await proxy.StartAsync(ct);

        sweeps.Reset();
        sweeps.WriteConfig(AwsBatchBackend.BackendName, new JsonObject
        {
            ["endpoint"] = endpoint.ToString(),
            ["store"] = $"s3://{account.Bucket}/experiments",
            ["jobQueue"] = account.JobQueue,
        });
        var environment = AwsEnvironment.ToDictionary(v => v.Key, v => (string?)v.Value);
        environment["AWS_PROFILE"] = null;
        environment["AWS_SESSION_TOKEN"] = SessionToken;
        environment["AWS_EC2_METADATA_DISABLED"] = "true";
        var tool = sweeps.ToolWith(environment);

        var run = await tool.RunAsync(TimeSpan.FromMinutes(10), ["run", .. CloudSweepsProject.Experiments, "--backend", "aws-batch", "--no-build", "-m", "on aws-batch"]);

        var diagnostics = $"{run}{Environment.NewLine}{fleet.Describe()}";
        Assert.True(run.ExitCode == localExitCode, $"local exited {localExitCode}, aws-batch {run.ExitCode}{Environment.NewLine}{diagnostics}");
        await sweeps.AssertSameOutcomesAsLocalAsync(AwsBatchBackend.BackendName, diagnostics);
        Assert.Equal("aws-batch", Assert.Single(ResultsText.Read(sweeps.ResultsFile("Arithmetic.Sum")).Runs).Backend);
        Assert.Empty(proxy.Violations.Select(v => v.ToString()));

        // Arrays (a plain job only for a lone task) that together run every task of the plan once.
        var runId = sweeps.RunIds().Single();
        var plan = RunPlanJson.ReadFile(Path.Combine(sweeps.Directory, ".experiments", "runs", runId, RunPlanJson.FileName));
        var submission = Assert.Single(sweeps.Submissions(runId).EnumerateArray());
        Assert.Equal("aws-batch", submission.GetProperty("backend").GetString());
        var jobIds = submission.GetProperty("jobIds").EnumerateArray().Select(j => j.GetString()!).ToArray();
        var jobs = proxy.Fleet!.Jobs;
        Assert.Equal(jobIds, jobs.Select(j => j.JobId));
        Assert.Equal(plan.Tasks.Count, jobs.Sum(j => j.ArraySize ?? 1));
        Assert.Contains(jobs, j => j.ArraySize >= 2);
        // One job per experiment (resources are per experiment), each over that experiment's tasks.
        var recorded = submission.GetProperty("properties").GetProperty("jobs").GetString()!.Split(',')
            .Select(e => e.Split(':')).Select(p => (Id: p[0], Offset: int.Parse(p[1]), Count: int.Parse(p[2]))).ToArray();
        Assert.Equal(plan.Experiments.Count, recorded.Length);
        foreach (var (job, entry) in jobs.Zip(recorded))
        {
            Assert.Equal(entry.Id, job.JobId);
            Assert.Equal(entry.Count == 1 ? null : entry.Count, job.ArraySize);
            Assert.Single(Enumerable.Range(entry.Offset, entry.Count).Select(t => plan.Tasks[t].Experiment).Distinct());
        }
        Assert.All(jobs, j => Assert.Contains(j.Status, new[] { "SUCCEEDED", "FAILED" }));
        Assert.All(fleet.Runs, r => Assert.DoesNotContain(SecretKey, r.Result.Output));

        // logs reads each task's CloudWatch Logs stream (GetLogEvents on moto, where the fleet put the containers' output)
        // and shows what the failed point printed, labelled with its key, as on the local backend.
        var logs = await tool.RunAsync(TimeSpan.FromMinutes(2), ["logs", runId]);
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Matches(@"Failed points: .*x=2 \(Sweeps\.Failing\.Throw\)", logs.StandardOutput);
        Assert.Matches(@"point x=2 \(Sweeps\.Failing\.Throw, task \d+, attempt 1, failed\) in CloudWatch Logs /aws/batch/job stream \S+ in us-east-1, job \S+:", logs.StandardOutput);
        Assert.Contains("  System.InvalidOperationException: x=2 always fails", logs.StandardOutput, StringComparison.Ordinal);
        LogsText.AssertNoProtocol(logs.StandardOutput);
        var printed = await tool.RunAsync(TimeSpan.FromMinutes(2), ["logs", runId, "--point", "side=right"]);
        LogsText.AssertPointPrinted(printed.StandardOutput, "side=right", "Sweeps.Arithmetic.Print", "succeeded", "Sweeps.Arithmetic.Print says right");
        Assert.DoesNotContain(SecretKey, run.StandardOutput + run.StandardError + logs.StandardOutput, StringComparison.Ordinal);

        // No key, secret or session token travelled in any Batch request's query or body (job definitions, job
        // environments: only the signature's Authorization header carries the key id), nor is in the store's objects,
        // the journal, the results file or what the tool printed.
        using var store = Experiments.Stores.ObjectStores.Open(new Uri($"s3://{account.Bucket}/experiments"),
            new Experiments.Stores.ObjectStoreOptions { Environment = AwsEnvironment.GetValueOrDefault });
        LeakScan.AssertAbsent([AccessKey, SecretKey, SessionToken], LeakScan.Requests("AWS Batch", proxy.Requests)
            .Concat(await LeakScan.StoreAsync(store, ct))
            .Concat(LeakScan.Written(sweeps))
            .Append(("the tool's output", run.StandardOutput + run.StandardError + logs.StandardOutput + printed.StandardOutput)));
        Assert.Contains(proxy.Requests, r => r.Operation == "RegisterJobDefinition");
    }

    [Fact]
    public async Task Artifacts_workers_upload_to_s3_come_home_beside_the_results_file()
    {
        sweeps.RequireRegistry();
        RequiredService.Require("moto", await MotoAccount.WhyUnavailableAsync(), "sudo tests/Cloud/moto.sh");
        var ct = TestContext.Current.CancellationToken;
        var account = await MotoAccount.CreateAsync("experiments-art", cancellationToken: ct);
        var fleet = sweeps.Fleet(AwsEnvironment);
        await using var proxy = new AwsBatchContractProxy(MotoAccount.Moto, fleet.RunAsync) { Parallelism = 2 };
        var endpoint = await proxy.StartAsync(ct);
        sweeps.Reset();
        sweeps.WriteConfig(AwsBatchBackend.BackendName, new JsonObject
        {
            ["endpoint"] = endpoint.ToString(),
            ["store"] = $"s3://{account.Bucket}/experiments",
            ["jobQueue"] = account.JobQueue,
            // A definition of its own, registered through this test's proxy (which learns the image from it), not one
            // an earlier test registered through another.
            ["jobDefinitionName"] = $"experiments-artifacts-{Guid.NewGuid():N}"[..40],
        });
        var environment = AwsEnvironment.ToDictionary(v => v.Key, v => (string?)v.Value);
        environment["AWS_PROFILE"] = null;
        environment["AWS_SESSION_TOKEN"] = null;
        environment["AWS_EC2_METADATA_DISABLED"] = "true";

        var run = await sweeps.ToolWith(environment).RunAsync(TimeSpan.FromMinutes(10), "run", "Sweeps.Drawing.Draw", "--backend", "aws-batch", "--no-build");

        Assert.True(run.ExitCode == 0, $"{run}{Environment.NewLine}{fleet.Describe()}");
        ArtifactsTests.AssertPointFiles(Path.Combine(sweeps.Directory, "Drawing.Draw.artifacts"), 1, 2, 3);
        Assert.Equal(3, Directory.GetDirectories(Path.Combine(sweeps.Directory, "Drawing.Draw.artifacts")).Length);
        Assert.Contains("  artifacts of 3 points (6.04 kB) of Sweeps.Drawing.Draw in Drawing.Draw.artifacts/\n", run.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(proxy.Violations.Select(v => v.ToString()));
    }
}
