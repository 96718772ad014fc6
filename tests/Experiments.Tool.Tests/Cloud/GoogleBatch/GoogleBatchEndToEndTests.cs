using System.Text.Json;
using System.Text.Json.Nodes;
using Experiments.Backends.GoogleBatch;
using Experiments.Backends.GoogleBatch.Client;
using Experiments.CloudEmulators.GoogleBatch;
using Experiments.CloudEmulators.Storage;
using Experiments.Schema;
using Experiments.Tool.Tests.Cloud.Support;
using Experiments.Tool.Tests.EndToEnd;
using Google.Apis.Auth.OAuth2;

namespace Experiments.Tool.Tests.Cloud.GoogleBatch;

/// <summary>
/// <c>dotnet experiment run --backend gcp-batch</c> against the Google Batch and GCS emulators in this process: the tool
/// pushes the image to the test registry, uploads the plan, creates the jobs; the emulator runs each task from the
/// pushed image's unpacked root filesystem (the fleet) with what a Batch VM provides — the metadata server for
/// Application Default Credentials and the storage endpoint — and the tool collects the records from GCS.
/// </summary>
[Collection(CloudSweepsCollection.Name)]
public sealed class GoogleBatchEndToEndTests(CloudSweepsProject sweeps)
{
    private const string Project = "experiments-e2e";
    private const string Region = "us-central1";
    private const string Bucket = "experiments-e2e-results";

    [Fact]
    public async Task A_sweep_on_gcp_batch_records_the_same_outcomes_as_the_local_backend()
    {
        sweeps.RequireRegistry();
        var ct = TestContext.Current.CancellationToken;
        var (localExitCode, _) = await sweeps.LocalOutcomesAsync();

        await using var metadata = new MetadataServerEmulator { ProjectId = Project };
        await metadata.StartAsync(ct);
        await using var gcs = new GcsEmulator();
        var storageHost = (await gcs.StartAsync(ct)).GetLeftPart(UriPartial.Authority);
        gcs.AddBucket(Bucket);
        // What a Batch VM gives every task: its service account's tokens from the metadata server, and (here) the storage endpoint.
        var vm = new Dictionary<string, string> { ["GCE_METADATA_HOST"] = metadata.Host, ["STORAGE_EMULATOR_HOST"] = storageHost };
        var fleet = sweeps.Fleet(vm);
        await using var logging = new CloudLoggingEmulator();
        var loggingEndpoint = await logging.StartAsync(ct);
        await using var batch = new GoogleBatchEmulator(fleet.RunAsync) { Parallelism = 2, Logging = logging };
        var endpoint = await batch.StartAsync(ct);

        sweeps.Reset();
        sweeps.WriteConfig(GoogleBatchBackend.BackendName, new JsonObject
        {
            ["endpoint"] = endpoint.ToString(),
            ["loggingEndpoint"] = loggingEndpoint.ToString(),
            ["project"] = Project,
            ["region"] = Region,
            ["store"] = $"gs://{Bucket}/experiments",
        });
        // The tool's Application Default Credentials come from the metadata server too (as on a Compute Engine VM).
        var tool = sweeps.ToolWith(new Dictionary<string, string?>
        {
            ["GCE_METADATA_HOST"] = metadata.Host,
            ["STORAGE_EMULATOR_HOST"] = storageHost,
            ["GOOGLE_APPLICATION_CREDENTIALS"] = null,
        });

        var run = await tool.RunAsync(TimeSpan.FromMinutes(10), ["run", .. CloudSweepsProject.Experiments, "--backend", "gcp-batch", "--no-build", "-m", "on gcp-batch"]);

        var diagnostics = $"{run}{Environment.NewLine}{fleet.Describe()}";
        Assert.True(run.ExitCode == localExitCode, $"local exited {localExitCode}, gcp-batch {run.ExitCode}{Environment.NewLine}{diagnostics}");
        await sweeps.AssertSameOutcomesAsLocalAsync(GoogleBatchBackend.BackendName, diagnostics);
        Assert.Equal("gcp-batch", Assert.Single(ResultsText.Read(sweeps.ResultsFile("Arithmetic.Sum")).Runs).Backend);
        Assert.Empty(batch.Violations);
        Assert.Empty(gcs.Violations);
        Assert.NotEmpty(metadata.IssuedTokens);

        // One job per experiment (resources are per experiment), together running every task of the plan once.
        var runId = sweeps.RunIds().Single();
        var plan = RunPlanJson.ReadFile(Path.Combine(sweeps.Directory, ".experiments", "runs", runId, RunPlanJson.FileName));
        var submission = Assert.Single(sweeps.Submissions(runId).EnumerateArray());
        Assert.Equal("gcp-batch", submission.GetProperty("backend").GetString());
        var jobIds = submission.GetProperty("jobIds").EnumerateArray().Select(j => j.GetString()!).ToArray();
        Assert.Equal(plan.Experiments.Count, jobIds.Length);
        Assert.Equal(jobIds.Order(StringComparer.Ordinal), batch.JobNames.Select(n => n[(n.LastIndexOf('/') + 1)..]).Order(StringComparer.Ordinal));
        using var client = new GoogleBatchHttpClient(new GoogleBatchClientOptions { Endpoint = endpoint, Credential = GoogleCredential.FromAccessToken("ya29.e2e-check") });
        var taskCounts = new List<long>();
        foreach (var jobId in jobIds)
        {
            var job = await client.GetJobAsync($"projects/{Project}/locations/{Region}/jobs/{jobId}", ct);
            Assert.Equal("SUCCEEDED", job.Status!.State);
            var group = Assert.Single(job.TaskGroups!);
            taskCounts.Add(group.TaskCount!.Value);
            var variables = group.TaskSpec!.Environment!.Variables!;
            Assert.Equal(["EXPERIMENTS_PLAN", "EXPERIMENTS_STORE", "EXPERIMENTS_TASK_OFFSET"], variables.Keys.Order(StringComparer.Ordinal));
            Assert.StartsWith($"gs://{Bucket}/experiments/runs/{runId}", variables["EXPERIMENTS_STORE"]);
        }
        Assert.Equal(plan.Tasks.Count, taskCounts.Sum());
        Assert.Equal(plan.Tasks.GroupBy(t => t.Experiment).Select(g => (long)g.Count()).Order(), taskCounts.Order());

        // logs reads each failed task's entries in Cloud Logging (entries.list on the emulator, where the Batch emulator
        // sent what the fleet's containers printed) and shows what the failed point printed, labelled with its key.
        var logs = await tool.RunAsync(TimeSpan.FromMinutes(2), ["logs", runId]);
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Matches(@"Failed points: .*x=2 \(Sweeps\.Failing\.Throw\)", logs.StandardOutput);
        Assert.Matches($@"point x=2 \(Sweeps\.Failing\.Throw, task \d+, attempt 1, failed\) in logName=""projects/{Project}/logs/batch_task_logs"" AND ", logs.StandardOutput);
        Assert.Contains("  System.InvalidOperationException: x=2 always fails", logs.StandardOutput, StringComparison.Ordinal);
        LogsText.AssertNoProtocol(logs.StandardOutput);
        var printed = await tool.RunAsync(TimeSpan.FromMinutes(2), ["logs", runId, "--point", "side=right"]);
        LogsText.AssertPointPrinted(printed.StandardOutput, "side=right", "Sweeps.Arithmetic.Print", "succeeded", "Sweeps.Arithmetic.Print says right");
        Assert.Empty(logging.Violations);
        Assert.DoesNotContain("ya29.", run.StandardOutput + run.StandardError + logs.StandardOutput, StringComparison.Ordinal);

        // No access token the metadata server issued (to the tool or to a task) travelled in any request's query or body
        // to Batch, Cloud Storage or Cloud Logging (only in Authorization headers), nor is in the stored objects, the
        // journal, the results file or what the tool printed.
        var tokens = metadata.IssuedTokens;
        Assert.NotEmpty(tokens);
        LeakScan.AssertAbsent(tokens, LeakScan.Requests("Google Batch", batch.Requests)
            .Concat(LeakScan.Requests("Cloud Storage", gcs.Requests))
            .Concat(LeakScan.Requests("Cloud Logging", logging.Requests))
            .Concat(gcs.ObjectNames(Bucket).Select(n => ($"gs://{Bucket}/{n}", System.Text.Encoding.UTF8.GetString(gcs.Read(Bucket, n) ?? []))))
            .Concat(LeakScan.Written(sweeps))
            .Append(("the tool's output", run.StandardOutput + run.StandardError + logs.StandardOutput + printed.StandardOutput)));
    }
}
