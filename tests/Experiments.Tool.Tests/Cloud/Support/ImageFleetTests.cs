using Experiments.Backends;
using Experiments.Backends.Cloud;
using Experiments.Backends.Container;
using Experiments.CloudEmulators.AwsBatch;
using Experiments.CloudEmulators.Hosting;
using Experiments.Schema;
using Experiments.Stores;
using Experiments.TestSupport.Containers;
using Experiments.TestSupport.Services;

namespace Experiments.Tool.Tests.Cloud.Support;

/// <summary>
/// The piece every cloud end-to-end test stands on: the app published as an image by the cloud packaging, pulled,
/// unpacked and run by the fleet as a batch task — plan read from and records written to object storage (moto's S3).
/// </summary>
[Collection(CloudSweepsCollection.Name)]
public sealed class ImageFleetTests(CloudSweepsProject sweeps)
{
    [Fact]
    public async Task A_task_run_from_the_pushed_image_reads_its_plan_from_and_records_to_object_storage()
    {
        sweeps.RequireRegistry();
        RequiredService.Require("moto", await MotoAccount.WhyUnavailableAsync(), "sudo tests/Cloud/moto.sh");
        var ct = TestContext.Current.CancellationToken;
        var bucket = "fleet-" + Guid.NewGuid().ToString("N")[..12];
        await MotoAccount.CreateBucketAsync(bucket, ct);
        var environment = MotoAccount.Environment("AKIAFLEETTEST", "fleet-secret");
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
        var plan = RunPlanner.Plan("fleet-run", [PlanSelection.All(sum)], 4);
        var run = CloudRunLocation.For(new Uri($"s3://{bucket}/experiments"), plan.RunId);
        using (var store = ObjectStores.Open(run.Store, new ObjectStoreOptions { Environment = n => environment.GetValueOrDefault(n) }))
            await CloudRunFiles.UploadPlanAsync(store, plan, ct);
        var fleet = sweeps.Fleet(environment);
        var task = new Dictionary<string, string>(CloudWorkerEnvironment.For(run)) { ["EXPERIMENTS_TASK_OFFSET"] = "1", ["BATCH_TASK_INDEX"] = "1" };

        var exitCode = await fleet.RunAsync(new EmulatedTask("job-1", "task-2", 1, 1, "", [], task, package.Location, null), ct);

        Assert.True(exitCode == 0, fleet.Describe());
        using var results = new ObjectResultStore(ObjectStores.Open(run.Store, new ObjectStoreOptions { Environment = n => environment.GetValueOrDefault(n) }));
        var read = await results.ReadNewAsync(ct);
        Assert.Empty(read.Problems);
        var ended = read.Records.Where(r => r.Status == PointStatus.Succeeded).Select(r => r.Index).Order().ToArray();
        Assert.Equal(plan.Tasks[2].Points, ended);
        Assert.DoesNotContain(fleet.Runs.Single().Result.Output, "fleet-secret", StringComparison.Ordinal);
    }
}
