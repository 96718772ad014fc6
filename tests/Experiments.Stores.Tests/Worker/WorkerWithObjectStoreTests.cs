using System.Runtime.InteropServices;
using Experiments.Backends;
using Experiments.CloudEmulators.Storage;
using Experiments.Schema;
using Experiments.Stores.Tests.Support;
using Experiments.TestSupport;
using Experiments.Worker;

namespace Experiments.Stores.Tests.Worker;

/// <summary>
/// The built Sweeps app run as a cloud batch task: plan read from, and records written to, object storage (moto's S3,
/// Azurite), then read back through <see cref="ObjectResultStore"/> as the tool reads them.
/// </summary>
[Collection(SweepsCollection.Name)]
public sealed class WorkerWithObjectStoreTests(SweepsBuilds sweeps)
{
    private const string Sum = "Sweeps.Arithmetic.Sum";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_S3_task_records_every_point_in_S3_and_a_second_run_skips_them()
    {
        await Moto.RequireAsync();
        var bucket = await Moto.NewBucketAsync();
        var environment = await UploadPlanAsync(Moto.Open(bucket, "runs/r1"), Sum, pointsPerTask: 12, Moto.Environment,
            $"s3://{bucket}/runs/r1/plan.json", $"s3://{bucket}/runs/r1");

        var first = await CloudWorker.RunAsync(sweeps.CloudOutput, environment);
        var second = await CloudWorker.RunAsync(sweeps.CloudOutput, environment);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("done 0", first.StandardOutput);
        var records = await ReadAllAsync(Moto.Open(bucket, "runs/r1"));
        AssertEveryPointSucceededOnce(records, Sum);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain("started", second.StandardOutput);
        Assert.Contains("done 0", second.StandardOutput);
        Assert.Equal(records.Count, (await ReadAllAsync(Moto.Open(bucket, "runs/r1"))).Count);
    }

    [Fact]
    public async Task An_Azure_Blob_task_records_every_point_in_its_container_and_a_second_run_skips_them()
    {
        await Azurite.RequireAsync();
        var container = await Azurite.NewContainerAsync();
        var store = Azurite.Location(container, "runs/r1").ToString();
        var environment = await UploadPlanAsync(Azurite.Open(container, "runs/r1"), Sum, pointsPerTask: 6,
            new Dictionary<string, string?>(), store + "/plan.json", store, arrayIndex: 1);

        var first = await CloudWorker.RunAsync(sweeps.CloudOutput, environment);
        var second = await CloudWorker.RunAsync(sweeps.CloudOutput, environment);

        Assert.True(first.ExitCode == 0, first.ToString());
        var records = await ReadAllAsync(Azurite.Open(container, "runs/r1"));
        var task1 = sweeps.Plan(Sum, 6).Tasks[1].Points;
        Assert.Equal(task1.Order(), records.Where(r => r.Status == PointStatus.Succeeded).Select(r => r.Index).Order());
        Assert.All(records, r => Assert.Equal(1, r.Task));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain("started", second.StandardOutput);
    }

    [Fact]
    public async Task A_Google_Batch_task_records_every_point_in_GCS_with_credentials_from_the_metadata_server()
    {
        await using var gcs = await GcsServer.StartAsync();
        await using var metadata = new MetadataServerEmulator();
        await metadata.StartAsync(Ct);
        var bucket = gcs.NewBucket();
        var service = new Dictionary<string, string?>
        {
            [Gcs.GcsObjectStore.EmulatorVariable] = gcs.Host,
            ["GCE_METADATA_HOST"] = metadata.Host,
            ["BATCH_TASK_INDEX"] = "0",
        };
        var environment = await UploadPlanAsync(gcs.Open(bucket, "runs/r1"), Sum, pointsPerTask: 12, service,
            $"gs://{bucket}/runs/r1/plan.json", $"gs://{bucket}/runs/r1");
        environment = new Dictionary<string, string?>(environment) { ["AWS_BATCH_JOB_ARRAY_INDEX"] = null };

        var first = await CloudWorker.RunAsync(sweeps.CloudOutput, environment);
        var second = await CloudWorker.RunAsync(sweeps.CloudOutput, environment);

        Assert.True(first.ExitCode == 0, first.ToString());
        AssertEveryPointSucceededOnce(await ReadAllAsync(gcs.Open(bucket, "runs/r1")), Sum);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain("started", second.StandardOutput);
        Assert.NotEmpty(metadata.IssuedTokens);
        Assert.Empty(gcs.Emulator.Violations);
    }

    [Fact]
    public async Task A_runaway_point_is_uploaded_before_the_worker_exits_124_and_the_next_worker_resumes_after_it()
    {
        await Moto.RequireAsync();
        var bucket = await Moto.NewBucketAsync();
        var environment = await UploadPlanAsync(Moto.Open(bucket, "runs/r1"), "Sweeps.Slow.Runaway", pointsPerTask: 3, Moto.Environment,
            $"s3://{bucket}/runs/r1/plan.json", $"s3://{bucket}/runs/r1", more: (WorkerOptions.TimeoutGraceVariable, "0.5"));

        var runaway = await CloudWorker.RunAsync(sweeps.CloudOutput, environment);
        var afterRunaway = await ReadAllAsync(Moto.Open(bucket, "runs/r1"));
        var resumed = await CloudWorker.RunAsync(sweeps.CloudOutput, environment);

        Assert.True(runaway.ExitCode == WorkerExitCodes.Timeout, runaway.ToString());
        Assert.Contains(afterRunaway, r => r.Key == "step=before" && r.Status == PointStatus.Succeeded);
        Assert.Contains(afterRunaway, r => r.Key == "step=stuck" && r.Status == PointStatus.Failed && r.Error!.Kind == ErrorKind.Timeout);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var all = await ReadAllAsync(Moto.Open(bucket, "runs/r1"));
        Assert.Contains(all, r => r.Key == "step=after" && r.Status == PointStatus.Succeeded);
        Assert.Single(all, r => r.Key == "step=stuck" && r.Status == PointStatus.Started);
    }

    [Fact]
    public async Task A_stopped_worker_uploads_the_cancelled_point_before_exiting_130()
    {
        await Moto.RequireAsync();
        var bucket = await Moto.NewBucketAsync();
        var environment = await UploadPlanAsync(Moto.Open(bucket, "runs/r1"), "Sweeps.Long.Wait", pointsPerTask: 8, Moto.Environment,
            $"s3://{bucket}/runs/r1/plan.json", $"s3://{bucket}/runs/r1");

        using var worker = CloudWorker.Start(sweeps.CloudOutput, environment);
        await ReadUntilAsync(worker, "started 0 2 1");
        Assert.Equal(0, Kill(worker.Id, 15));
        await worker.WaitForExitAsync(Ct);

        Assert.Equal(WorkerExitCodes.Cancelled, worker.ExitCode);
        var records = await ReadAllAsync(Moto.Open(bucket, "runs/r1"));
        Assert.Equal(["replicate=0", "replicate=1"], records.Where(r => r.Status == PointStatus.Succeeded).Select(r => r.Key));
        Assert.Contains(records, r => r.Key == "replicate=2" && r.Status == PointStatus.Failed && r.Error!.Kind == ErrorKind.Cancelled);
    }

    [Fact]
    public async Task A_crash_record_is_uploaded_before_an_unhandled_exception_ends_the_worker()
    {
        await Moto.RequireAsync();
        var bucket = await Moto.NewBucketAsync();
        var environment = await UploadPlanAsync(Moto.Open(bucket, "runs/r1"), "Sweeps.Threads.Throw", pointsPerTask: 2, Moto.Environment,
            $"s3://{bucket}/runs/r1/plan.json", $"s3://{bucket}/runs/r1");

        var crashed = await CloudWorker.RunAsync(sweeps.CloudOutput, environment);

        Assert.NotEqual(0, crashed.ExitCode);
        var records = await ReadAllAsync(Moto.Open(bucket, "runs/r1"));
        Assert.Contains(records, r => r.Key == "p=1" && r.Status == PointStatus.Succeeded);
        var crash = Assert.Single(records, r => r.Key == "p=2" && r.Status == PointStatus.Failed);
        Assert.Equal(ErrorKind.Crash, crash.Error!.Kind);
        Assert.Contains("deliberate failure on another thread", crash.Error.Message);
    }

    [Fact]
    public async Task A_store_the_worker_cannot_write_is_exit_2_with_the_reason()
    {
        await Moto.RequireAsync();
        var bucket = await Moto.NewBucketAsync();
        await UploadPlanAsync(Moto.Open(bucket, "runs/r1"), Sum, pointsPerTask: 12, Moto.Environment, "", "");
        var environment = CloudWorker.Environment(Moto.Environment, $"s3://{bucket}/runs/r1/plan.json", "s3://exp-no-such-bucket-4a1c/runs/r1", 0);

        var result = await CloudWorker.RunAsync(sweeps.CloudOutput, environment);

        Assert.True(result.ExitCode == WorkerExitCodes.InvalidInvocation, result.ToString());
        Assert.Contains("NoSuchBucket", result.StandardError);
        Assert.Contains("error ", result.StandardOutput);
        Assert.DoesNotContain(Moto.Environment["AWS_SECRET_ACCESS_KEY"]!, result.StandardError + result.StandardOutput);
    }

    [Fact]
    public async Task Serve_mode_with_an_object_store_is_exit_2_saying_to_run_one_task_per_worker()
    {
        var result = await ProcessRunner.RunAsync(
            "dotnet",
            [Path.Combine(sweeps.CloudOutput, "Sweeps.dll"), WorkerOptions.WorkerFlag, "--serve", "--plan", "s3://exp-any-bucket/r/plan.json", "--store", "s3://exp-any-bucket/r"],
            sweeps.CloudOutput,
            Moto.Environment,
            TimeSpan.FromMinutes(1),
            TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == WorkerExitCodes.InvalidInvocation, result.ToString());
        Assert.Contains("Serve mode runs tasks against a directory store; the store s3://exp-any-bucket/r is in object storage", result.StandardError);
    }

    [Fact]
    public async Task A_plan_location_with_no_plan_is_exit_2_naming_it()
    {
        await Moto.RequireAsync();
        var bucket = await Moto.NewBucketAsync();
        var environment = CloudWorker.Environment(Moto.Environment, $"s3://{bucket}/runs/r1/plan.json", $"s3://{bucket}/runs/r1", 0);

        var result = await CloudWorker.RunAsync(sweeps.CloudOutput, environment);

        Assert.True(result.ExitCode == WorkerExitCodes.InvalidInvocation, result.ToString());
        Assert.Contains($"There is no run plan at s3://{bucket}/runs/r1/plan.json", result.StandardError);
    }

    [Fact]
    public async Task An_app_built_without_cloud_stores_refuses_an_object_store_with_exit_2_and_says_how_to_build_it()
    {
        var plain = await sweeps.PlainOutputAsync();
        var environment = CloudWorker.Environment(Moto.Environment, "s3://exp-any-bucket/runs/r1/plan.json", "s3://exp-any-bucket/runs/r1", 0);

        var result = await CloudWorker.RunAsync(plain, environment);

        Assert.False(File.Exists(Path.Combine(plain, "Experiments.Stores.dll")));
        Assert.True(result.ExitCode == WorkerExitCodes.InvalidInvocation, result.ToString());
        Assert.Contains("was not published by a cloud backend", result.StandardError);
        Assert.Contains("-p:ExperimentsCloudStores=true", result.StandardError);
    }

    /// <summary>Writes the plan to <c>plan.json</c> in the store, as a cloud backend does before submitting.</summary>
    private async Task<IReadOnlyDictionary<string, string?>> UploadPlanAsync(
        IObjectStore store, string experiment, int pointsPerTask, IReadOnlyDictionary<string, string?> service,
        string planLocation, string storeLocation, int arrayIndex = 0, params (string Name, string Value)[] more)
    {
        using (store)
            await store.PutAsync(RunPlanJson.FileName, System.Text.Encoding.UTF8.GetBytes(RunPlanJson.Serialize(sweeps.Plan(experiment, pointsPerTask))), Ct);
        return CloudWorker.Environment(service, planLocation, storeLocation, arrayIndex, more);
    }

    private static async Task<IReadOnlyList<PointRecord>> ReadAllAsync(IObjectStore store)
    {
        using var reader = new ObjectResultStore(store);
        var read = await reader.ReadNewAsync(Ct);
        Assert.Empty(read.Problems);
        return read.Records;
    }

    private void AssertEveryPointSucceededOnce(IReadOnlyList<PointRecord> records, string experiment)
    {
        var descriptor = sweeps.Experiment(experiment);
        var succeeded = records.Where(r => r.Status == PointStatus.Succeeded).ToArray();
        Assert.Equal(Enumerable.Range(0, (int)descriptor.PointCount).Select(i => descriptor.KeyOf(i)).Order(StringComparer.Ordinal),
            succeeded.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.Equal(succeeded.Length, records.Count(r => r.Status == PointStatus.Started));
        Assert.All(records, r => Assert.Equal(Experiments.Points.Seeds.Derive(experiment, r.Key), r.Seed));
    }

    private static async Task ReadUntilAsync(System.Diagnostics.Process process, string line)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        var seen = new System.Text.StringBuilder();
        while (await process.StandardOutput.ReadLineAsync(limit.Token) is { } read)
        {
            seen.AppendLine(read);
            if (read == line)
                return;
        }
        Assert.Fail($"The worker's output ended before '{line}':\n{seen}\nstderr:\n{await process.StandardError.ReadToEndAsync(Ct)}");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
