using System.Text.Json.Nodes;
using Experiments.Backends.AzureBatch;
using Experiments.CloudEmulators.AzureBatch;
using Experiments.Schema;
using Experiments.Stores;
using Experiments.Stores.Azure;
using Experiments.TestSupport.Services;
using Experiments.Tool.Tests.Cloud.Support;
using Experiments.Tool.Tests.EndToEnd;

namespace Experiments.Tool.Tests.Cloud.AzureBatch;

/// <summary>
/// <c>dotnet experiment run --backend azure-batch</c> against the Azure Batch emulator hosted in this process, with
/// results in Azurite: the tool pushes the image to the test registry, uploads the plan to Blob Storage, creates a job
/// (on a pool, or with an auto pool deleted with it) and adds its tasks in collections; the emulator's fleet runs each
/// task from the pushed image's unpacked root filesystem with what the node provides (the storage key), and the tool
/// collects the records from Azurite.
/// </summary>
[Collection(CloudSweepsCollection.Name)]
public sealed class AzureBatchEndToEndTests(CloudSweepsProject sweeps)
{
    private const string AzuriteAccount = "http://127.0.0.1:10000/devstoreaccount1";

    /// <summary>Azurite's published development key: public, and good for nothing but the local emulator.</summary>
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>A made-up Batch account key: the emulator checks that requests are signed, not the signature.</summary>
    private const string BatchKey = "ZmFrZS1henVyZS1iYXRjaC1rZXktZm9yLWVuZC10by1lbmQ=";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_sweep_on_azure_batch_records_the_same_outcomes_as_the_local_backend(bool autoPool)
    {
        sweeps.RequireRegistry();
        RequiredService.Require("Azurite", await WhyAzuriteUnavailableAsync(), "sudo tests/Cloud/azurite.sh");
        var ct = TestContext.Current.CancellationToken;
        var (localExitCode, _) = await sweeps.LocalOutcomesAsync();

        var container = "e2e-" + Guid.NewGuid().ToString("N")[..16];
        using (var store = new AzureBlobObjectStore(AzureBlobLocation.Parse(new Uri($"{AzuriteAccount}/{container}")), new ObjectStoreOptions { Environment = _ => null }))
            await store.CreateContainerIfMissingAsync(ct);
        var fleet = sweeps.Fleet(new Dictionary<string, string> { ["AZURE_STORAGE_KEY"] = AzuriteKey });
        await using var batch = new AzureBatchEmulator(fleet.RunAsync) { Parallelism = 2 };
        var endpoint = await batch.StartAsync(ct);
        var pool = new JsonObject();
        if (autoPool)
            pool["autoPool"] = new JsonObject { ["vmSize"] = "Standard_D2s_v3", ["nodeCount"] = 1, ["taskSlotsPerNode"] = 2 };
        else
        {
            batch.AddPool("experiments");
            pool["poolId"] = "experiments";
        }

        sweeps.Reset();
        var settings = new JsonObject
        {
            ["endpoint"] = endpoint.ToString(),
            ["store"] = $"{AzuriteAccount}/{container}/experiments",
        };
        foreach (var (key, value) in pool)
            settings[key] = value?.DeepClone();
        sweeps.WriteConfig(AzureBatchBackend.BackendName, settings);
        var tool = sweeps.ToolWith(new Dictionary<string, string?>
        {
            ["AZURE_BATCH_ACCOUNT_KEY"] = BatchKey,
            ["AZURE_STORAGE_KEY"] = AzuriteKey,
        });

        var run = await tool.RunAsync(TimeSpan.FromMinutes(10), ["run", .. CloudSweepsProject.Experiments, "--backend", "azure-batch", "--no-build", "-m", "on azure-batch"]);

        var diagnostics = $"{run}{Environment.NewLine}{fleet.Describe()}";
        Assert.True(run.ExitCode == localExitCode, $"local exited {localExitCode}, azure-batch {run.ExitCode}{Environment.NewLine}{diagnostics}");
        await sweeps.AssertSameOutcomesAsLocalAsync(AzureBatchBackend.BackendName, diagnostics);
        Assert.Equal("azure-batch", Assert.Single(ResultsText.Read(sweeps.ResultsFile("Arithmetic.Sum")).Runs).Backend);
        Assert.Empty(batch.Violations.Select(v => v.ToString()));

        // One job whose tasks were added in collections and which ended when they had; an auto pool went with it.
        var runId = sweeps.RunIds().Single();
        var plan = RunPlanJson.ReadFile(Path.Combine(sweeps.Directory, ".experiments", "runs", runId, RunPlanJson.FileName));
        var submission = Assert.Single(sweeps.Submissions(runId).EnumerateArray());
        Assert.Equal("azure-batch", submission.GetProperty("backend").GetString());
        var jobId = Assert.Single(submission.GetProperty("jobIds").EnumerateArray()).GetString()!;
        Assert.Equal(1, batch.Requests.Count(r => r.Operation == "Job_Add"));
        Assert.Equal((plan.Tasks.Count + 99) / 100, batch.Requests.Count(r => r.Operation == "Task_AddCollection"));
        Assert.Equal(plan.Tasks.Count, fleet.Runs.Where(r => r.JobId == jobId).Select(r => r.TaskId).Distinct().Count());
        if (autoPool)
            Assert.Empty(batch.Pools);
        else
            Assert.Equal(["experiments"], batch.Pools);
        Assert.All(fleet.Runs, r => Assert.DoesNotContain(AzuriteKey, r.Result.Output));

        // logs reads each task's stdout.txt and stderr.txt from its node (File_GetFromTask on the emulator, which keeps
        // what the fleet's containers printed) and shows what the failed point printed, labelled with its key.
        var logs = await tool.RunAsync(TimeSpan.FromMinutes(2), ["logs", runId]);
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Matches(@"Failed points: .*x=2 \(Sweeps\.Failing\.Throw\)", logs.StandardOutput);
        Assert.Matches($@"point x=2 \(Sweeps\.Failing\.Throw, task \d+, attempt 1, failed\) in \S+/jobs/{jobId}/tasks/\d+/files/stderr\.txt:", logs.StandardOutput);
        Assert.Contains("  System.InvalidOperationException: x=2 always fails", logs.StandardOutput, StringComparison.Ordinal);
        LogsText.AssertNoProtocol(logs.StandardOutput);
        var printed = await tool.RunAsync(TimeSpan.FromMinutes(2), ["logs", runId, "--point", "side=right"]);
        LogsText.AssertPointPrinted(printed.StandardOutput, "side=right", "Sweeps.Arithmetic.Print", "succeeded", "Sweeps.Arithmetic.Print says right");
        Assert.DoesNotContain(BatchKey, run.StandardOutput + run.StandardError + logs.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteKey, run.StandardOutput + run.StandardError + logs.StandardOutput, StringComparison.Ordinal);

        // Neither key travelled to Batch (every request's query and body), nor is in the journal or the results file.
        var sent = batch.Requests.Select(r => $"{r.Method} {r.Path}{r.Query}: {System.Text.Encoding.UTF8.GetString(r.Body)}");
        var written = Directory.EnumerateFiles(Path.Combine(sweeps.Directory, ".experiments", "runs"), "*", SearchOption.AllDirectories)
            .Append(sweeps.ResultsFile("Arithmetic.Sum"))
            .Select(f => $"{f}: {File.ReadAllText(f)}");
        foreach (var text in sent.Concat(written))
        {
            Assert.DoesNotContain(BatchKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(AzuriteKey, text, StringComparison.Ordinal);
        }
    }

    private static async Task<string?> WhyAzuriteUnavailableAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var _ = await http.GetAsync($"{AzuriteAccount}?comp=list");
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return e.Message;
        }
    }
}
