using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.RegularExpressions;
using Experiments.Backends;
using Experiments.Backends.Container;
using Experiments.Backends.Publishing;
using Experiments.Containers.Tests.Support;
using Experiments.Schema;
using Experiments.TestSupport;
using Experiments.TestSupport.Containers;
using Experiments.TestSupport.Services;

namespace Experiments.Containers.Tests;

/// <summary>The Sweeps fixture published as an image to the real test registry, then pulled, unpacked and run.</summary>
[Collection(PublishedSweepsCollection.Name)]
[SupportedOSPlatform("linux")] // unshare, bind mounts and Unix file modes
public sealed class ContainerPublisherTests(PublishedSweeps sweeps, TokenServer tokens)
{
    private const string Sum = "Sweeps.Arithmetic.Sum";

    private void RequireRegistry() =>
        RequiredService.Require("the container registry", sweeps.UnavailableBecause, RegistryService.StartCommand);

    [Fact]
    public async Task The_first_publish_pushes_an_image_tagged_with_the_package_id()
    {
        RequireRegistry();
        var ct = TestContext.Current.CancellationToken;

        // The self-contained publish is cached, so asking again is quick and gives the id the image was tagged with.
        var published = await SelfContainedPublisher.PublishAsync(sweeps.Request, SelfContainedPublisher.LinuxX64, ContainerPublisher.PublishProperties, ct);
        Assert.Equal(published.PackageId, sweeps.Package.Id);
        Assert.Equal(sweeps.Options.ImageFor(published.PackageId).ToString(), sweeps.Package.Location);
        Assert.Equal("Sweeps", sweeps.Package.AssemblyName);
        Assert.Contains(sweeps.FirstPublishLog, l => l.StartsWith($"publishing image {sweeps.Package.Location}", StringComparison.Ordinal));
        Assert.Contains($"pushed image {sweeps.Package.Location}", sweeps.FirstPublishLog);
        using var http = new HttpClient();
        Assert.True(await new RegistryClient(http, AnonymousRegistryCredentials.Instance, plainHttp: true)
            .TagExistsAsync(ImageReference.Parse(sweeps.Package.Location), ct));
        TestContext.Current.TestOutputHelper?.WriteLine($"first publish (build excluded, self-contained + container publish): {sweeps.FirstPublishTime.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task A_second_publish_of_the_same_build_pushes_nothing()
    {
        RequireRegistry();
        var manifestPuts = new Regex($"\"PUT /v2/{Regex.Escape(sweeps.Options.Repository)}/manifests/", RegexOptions.CultureInvariant);
        var putsBefore = CountLogLines(manifestPuts);
        Assert.True(putsBefore >= 1, $"the registry log {RegistryService.LogFile} shows no manifest push for the first publish");
        var log = new List<string>();

        var clock = Stopwatch.StartNew();
        var again = await ContainerPublisher.PublishAsync(
            sweeps.Request, sweeps.Options, AnonymousRegistryCredentials.Instance, TestContext.Current.CancellationToken, log.Add);
        var elapsed = clock.Elapsed;

        Assert.Equal(sweeps.Package, again);
        Assert.Equal([$"image {sweeps.Package.Location} already in the registry; not built or pushed again"], log);
        Assert.Equal(putsBefore, CountLogLines(manifestPuts));
        TestContext.Current.TestOutputHelper?.WriteLine($"skipped publish: {elapsed.TotalSeconds:F2} s");
    }

    [Fact]
    public async Task The_image_runs_the_apphost_as_the_base_images_app_user()
    {
        RequireRegistry();

        var image = await sweeps.UnpackedAsync();

        Assert.Equal(["/app/Sweeps"], image.Config.Command);
        Assert.Equal("/app", image.Config.WorkingDir?.TrimEnd('/'));
        Assert.Equal("1654", image.Config.User);
        Assert.Equal("1", image.Config.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"]);
        Assert.True(File.Exists(image.HostPathOf("/app/Sweeps")));
        Assert.True(File.Exists(image.HostPathOf($"/app/{ManifestModel.FileName}")));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"image {image.ImageReference}: {image.CompressedSize / 1e6:F1} MB compressed, {DirectoryBytes(image.RootFilesystem) / 1e6:F1} MB unpacked");
    }

    [Theory]
    [InlineData("AWS_BATCH_JOB_ARRAY_INDEX", 1, null, 1)]
    [InlineData("BATCH_TASK_INDEX", 0, 2, 2)]
    [InlineData("AZ_BATCH_TASK_ID", 0, null, 0)]
    public async Task The_entry_point_runs_the_worker_task_its_environment_names(string indexVariable, int index, int? offset, int task)
    {
        RequireRegistry();
        var ct = TestContext.Current.CancellationToken;
        var image = await sweeps.UnpackedAsync();
        using var run = new TempDirectory("container-run");
        // The image runs as its app user; the job's folder is bind-mounted, as a cloud job's scratch disk would be.
        File.SetUnixFileMode(run.Path, (UnixFileMode)0x1FF);
        var plan = RunPlanner.Plan("container-run", [PlanSelection.All(sweeps.Experiment(Sum))], pointsPerTask: 4);
        RunPlanJson.WriteFile(plan, run.Combine(RunPlanJson.FileName));
        var environment = new Dictionary<string, string>
        {
            ["EXPERIMENTS_PLAN"] = $"/job/{RunPlanJson.FileName}",
            ["EXPERIMENTS_STORE"] = "/job/store",
            [indexVariable] = indexVariable == "AZ_BATCH_TASK_ID" ? $"task-{index}" : index.ToString(CultureInfo.InvariantCulture),
        };
        if (offset is { } o)
            environment["EXPERIMENTS_TASK_OFFSET"] = o.ToString(CultureInfo.InvariantCulture);

        var result = await image.RunEntryPointAsync(environment, TimeSpan.FromMinutes(2), [new BindMount(run.Path, "/job")], ct);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"done {task}", result.StandardOutput.Split('\n').Select(l => l.Trim()));
        using var store = new DirectoryResultStore(run.Combine("store"));
        var read = store.ReadNew();
        Assert.Empty(read.Problems);
        var descriptor = sweeps.Experiment(Sum);
        var succeeded = read.Records.Where(r => r.Status == PointStatus.Succeeded).ToArray();
        Assert.Equal(plan.Tasks[task].Points.Select(p => (long)p), succeeded.Select(r => r.Index));
        foreach (var record in succeeded)
        {
            Assert.Equal(task, record.Task);
            Assert.Equal(descriptor.KeyOf(record.Index), record.Key);
            Assert.Equal(Experiments.Points.Seeds.Derive(Sum, record.Key), record.Seed);
            var values = record.Key.Split(';').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
            var expected = int.Parse(values["a"], CultureInfo.InvariantCulture) + double.Parse(values["b"], CultureInfo.InvariantCulture);
            Assert.Equal(expected, Property(record.Result!.Value, "sum").GetDouble());
            Assert.Equal(record.Seed, Property(record.Result!.Value, "seed").GetInt32());
        }
    }

    [Fact]
    public async Task A_publish_that_the_sdk_refuses_reports_its_errors_and_what_to_check()
    {
        RequireRegistry();
        var options = sweeps.Options with
        {
            Repository = sweeps.Options.Repository + "-missing-base",
            BaseImage = RegistryService.Address + "/experiments-test/no-such-base:1",
        };

        var error = await Assert.ThrowsAsync<PublishFailedException>(() => ContainerPublisher.PublishAsync(
            sweeps.Request, options, AnonymousRegistryCredentials.Instance, TestContext.Current.CancellationToken));

        Assert.Matches("error CONTAINER[0-9]{4}", error.Message);
        Assert.Contains($"Check that the base image {options.BaseImage} exists", error.Message);
    }

    [Fact]
    public async Task A_registry_that_asks_for_a_login_gets_the_credentials_login_for_pull_and_push()
    {
        RequireRegistry();
        var ct = TestContext.Current.CancellationToken;
        // The base image sits behind the same login, so the SDK must log in to pull it as well as to push.
        var options = sweeps.Options with { Registry = RegistryService.LoginAddress, BaseImage = RegistryService.LoginBaseImage };
        var credentials = new FixedLogin(RegistryService.LoginAddress, new RegistryLogin(RegistryService.LoginUser, RegistryService.LoginPassword));
        var log = new List<string>();

        var package = await ContainerPublisher.PublishAsync(sweeps.Request, options, credentials, ct, log.Add);

        Assert.Equal(sweeps.Package.Id, package.Id);
        Assert.Equal(options.ImageFor(package.Id).ToString(), package.Location);
        Assert.Contains(RegistryService.LoginAddress, credentials.AskedFor);
        Assert.DoesNotContain(log, l => l.Contains(RegistryService.LoginPassword, StringComparison.Ordinal));
        using var http = new HttpClient();
        Assert.True(await new RegistryClient(http, credentials, plainHttp: true).TagExistsAsync(ImageReference.Parse(package.Location), ct));
        // The registry logs "authorized request" only for a request whose Basic login matched its htpasswd file.
        var manifestPut = new Regex(
            $"msg=\"authorized request\".*http\\.request\\.method=PUT.*/v2/{Regex.Escape(options.Repository)}/manifests/{package.Id}",
            RegexOptions.CultureInvariant);
        Assert.Contains(File.ReadLines(RegistryService.LoginLogFile), l => manifestPut.IsMatch(l));
    }

    [Fact]
    public async Task A_registry_that_asks_for_bearer_tokens_gets_them_for_the_credentials_login()
    {
        RequireRegistry();
        RequiredService.Require("the token service", tokens.UnavailableBecause, RegistryService.StartCommand);
        var ct = TestContext.Current.CancellationToken;
        var repository = sweeps.Options.Repository + "-token";
        var baseImage = ImageReference.Create(RegistryService.TokenAddress, repository + "-base", "bookworm");
        var copy = await ProcessRunner.RunAsync("skopeo",
            ["copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false", "--dest-creds", $"{RegistryService.LoginUser}:{RegistryService.LoginPassword}",
             $"docker://{RegistryService.BaseImage}", $"docker://{baseImage}"],
            Path.GetTempPath(), timeout: TimeSpan.FromMinutes(2), cancellationToken: ct);
        Assert.True(copy.ExitCode == 0, copy.ToString());
        var options = sweeps.Options with { Registry = RegistryService.TokenAddress, Repository = repository, BaseImage = baseImage.ToString() };
        var credentials = new FixedLogin(RegistryService.TokenAddress, new RegistryLogin(RegistryService.LoginUser, RegistryService.LoginPassword));

        var package = await ContainerPublisher.PublishAsync(sweeps.Request, options, credentials, ct);

        Assert.Equal(options.ImageFor(sweeps.Package.Id).ToString(), package.Location);
        using var http = new HttpClient();
        Assert.True(await new RegistryClient(http, credentials, plainHttp: true).TagExistsAsync(ImageReference.Parse(package.Location), ct));
        // The SDK asked the token service for the right to push the app's repository and to pull the base.
        Assert.Contains(tokens.GrantedScopes, s => s.StartsWith($"repository:{repository}:", StringComparison.Ordinal) && s.Contains("push", StringComparison.Ordinal));
        Assert.Contains(tokens.GrantedScopes, s => s.StartsWith($"repository:{baseImage.Repository}:", StringComparison.Ordinal) && s.Contains("pull", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_login_stops_the_publish_before_the_sdk_runs_and_is_never_shown()
    {
        RequireRegistry();
        var options = sweeps.Options with { Registry = RegistryService.LoginAddress, BaseImage = RegistryService.LoginBaseImage };
        var credentials = new FixedLogin(RegistryService.LoginAddress, new RegistryLogin(RegistryService.LoginUser, "not-the-password-42"));
        var log = new List<string>();

        var error = await Assert.ThrowsAsync<RegistryException>(() => ContainerPublisher.PublishAsync(
            sweeps.Request, options, credentials, TestContext.Current.CancellationToken, log.Add));

        Assert.Contains($"The registry {RegistryService.LoginAddress} refused the login", error.Message);
        Assert.DoesNotContain("not-the-password-42", error.Message);
        Assert.Empty(log);
    }

    [Fact]
    public async Task Invalid_options_are_refused_before_anything_is_published()
    {
        var options = new ContainerImageOptions { Registry = RegistryService.Address, Repository = "Upper/Case" };
        var request = new PackageRequest("/nonexistent", "Sweeps", "/nonexistent/Sweeps.csproj");

        var error = await Assert.ThrowsAsync<ContainerImageOptionsException>(() => ContainerPublisher.PublishAsync(
            request, options, AnonymousRegistryCredentials.Instance, TestContext.Current.CancellationToken));

        Assert.Contains("repository: The repository 'Upper/Case' is not a valid name", Assert.Single(error.Problems));
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.EnumerateObject().Single(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static int CountLogLines(Regex pattern) =>
        File.ReadLines(RegistryService.LogFile).Count(pattern.IsMatch);

    private static long DirectoryBytes(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Where(f => f.LinkTarget is null).Sum(f => f.Length);
}
