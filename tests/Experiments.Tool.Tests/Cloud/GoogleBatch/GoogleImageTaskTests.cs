using Experiments.Backends;
using Experiments.Backends.Cloud;
using Experiments.Backends.Container;
using Experiments.CloudEmulators.Hosting;
using Experiments.CloudEmulators.Storage;
using Experiments.Schema;
using Experiments.Stores;
using Experiments.TestSupport.Containers;
using Experiments.Tool.Tests.Cloud.Support;
using Google.Apis.Auth.OAuth2;

namespace Experiments.Tool.Tests.Cloud.GoogleBatch;

/// <summary>
/// What a Batch VM does with one task of a gcp-batch job: the pushed image's worker, with the VM's metadata server for
/// credentials, reads its plan from and records to Cloud Storage (the GCS emulator).
/// </summary>
[Collection(CloudSweepsCollection.Name)]
public sealed class GoogleImageTaskTests(CloudSweepsProject sweeps)
{
    [Fact]
    public async Task A_task_run_from_the_pushed_image_reads_its_plan_from_and_records_to_GCS_with_the_VMs_credentials()
    {
        sweeps.RequireRegistry();
        var ct = TestContext.Current.CancellationToken;
        await using var metadata = new MetadataServerEmulator();
        await metadata.StartAsync(ct);
        await using var gcs = new GcsEmulator();
        var storageHost = (await gcs.StartAsync(ct)).GetLeftPart(UriPartial.Authority);
        gcs.AddBucket("image-task");
        var vm = new Dictionary<string, string> { ["GCE_METADATA_HOST"] = metadata.Host, ["STORAGE_EMULATOR_HOST"] = storageHost };
        var image = new ContainerImageOptions
        {
            Registry = RegistryService.Address,
            Repository = CloudSweepsProject.Repository,
            BaseImage = RegistryService.BaseImage,
            PlainHttp = true,
        };
        var package = await CloudPackaging.PrepareAsync(
            new PackageRequest(sweeps.Project.OutputDirectory(), "Sweeps", sweeps.Project.ProjectFile), image, AnonymousRegistryCredentials.Instance, ct);
        var manifest = Manifest.Load(Path.Combine(sweeps.Project.OutputDirectory(), ManifestModel.FileName));
        var sum = Manifest.Descriptors(manifest).Single(e => e.Name == "Sweeps.Arithmetic.Sum");
        var plan = RunPlanner.Plan("image-task-run", [PlanSelection.All(sum)], 4);
        var run = CloudRunLocation.For(new Uri("gs://image-task/experiments"), plan.RunId);
        var storeOptions = new ObjectStoreOptions { Environment = n => n == "STORAGE_EMULATOR_HOST" ? storageHost : null, GoogleCredential = GoogleCredential.FromAccessToken("ya29.test") };
        using (var store = ObjectStores.Open(run.Store, storeOptions))
            await CloudRunFiles.UploadPlanAsync(store, plan, ct);
        var fleet = sweeps.Fleet(vm);
        var task = new Dictionary<string, string>(CloudWorkerEnvironment.For(run)) { ["EXPERIMENTS_TASK_OFFSET"] = "1", ["BATCH_TASK_INDEX"] = "1" };

        var exitCode = await fleet.RunAsync(new EmulatedTask("job-1", "task-2", 1, 1, "", [], task, package.Location, null), ct);

        Assert.True(exitCode == 0, fleet.Describe());
        using var results = new ObjectResultStore(ObjectStores.Open(run.Store, storeOptions));
        var read = await results.ReadNewAsync(ct);
        Assert.Empty(read.Problems);
        Assert.Equal(plan.Tasks[2].Points, read.Records.Where(r => r.Status == PointStatus.Succeeded).Select(r => r.Index).Order().ToArray());
        Assert.NotEmpty(metadata.IssuedTokens);
        Assert.Empty(gcs.Violations);
    }
}
