using System.Text;
using System.Text.Json.Nodes;
using Experiments.CloudEmulators.AwsBatch;
using Experiments.Stores;
using Experiments.TestSupport;
using Experiments.TestSupport.Containers;
using Experiments.TestSupport.Services;
using Experiments.Tool.Journal;
using Experiments.Tool.Tests.EndToEnd;

namespace Experiments.Tool.Tests.Cloud;

/// <summary>
/// <c>clean</c> on a cloud backend, against moto's S3 and the test registry: an old run's folder in the store and the
/// image only it used go (a dry run only lists them); a recent run's folder and image, and a folder the journal does not
/// know, stay.
/// </summary>
public sealed class CloudCleanTests
{
    [Fact]
    public async Task Clean_removes_old_runs_from_the_store_and_their_images_from_the_registry_and_dry_run_only_lists_them()
    {
        RequiredService.Require("moto", await MotoAccount.WhyUnavailableAsync(), "sudo tests/Cloud/moto.sh");
        RequiredService.Require("the container registry", await RegistryService.WhyUnavailableAsync(), RegistryService.StartCommand);
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory("cloud-clean");
        File.WriteAllText(temp.Combine("Study.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        var account = await MotoAccount.CreateAsync("experiments-clean", cancellationToken: ct);
        var environment = MotoAccount.Environment("AKIACLEAN", "clean-secret");
        var repository = $"experiments-test/clean-{Guid.NewGuid():N}"[..40];
        File.WriteAllText(temp.Combine("experiments.json"), new JsonObject
        {
            ["aws-batch"] = new JsonObject
            {
                ["store"] = $"s3://{account.Bucket}/experiments",
                ["jobQueue"] = account.JobQueue,
                ["registry"] = RegistryService.Address,
                ["repository"] = repository,
                ["plainHttpRegistry"] = true,
            },
        }.ToJsonString());

        var journal = new RunJournal(temp.Path);
        var old = Journal(journal, DateTimeOffset.UtcNow.AddDays(-40), "pkgold0000000000");
        var recent = Journal(journal, DateTimeOffset.UtcNow.AddMinutes(-5), "pkgnew0000000000");
        var twin = Journal(journal, DateTimeOffset.UtcNow.AddDays(-45), "pkgtwin000000000");
        var foreign = RunId.New(DateTimeOffset.UtcNow.AddDays(-50));
        using (var store = ObjectStores.Open(new Uri($"s3://{account.Bucket}/experiments"), new ObjectStoreOptions { Environment = n => environment.GetValueOrDefault(n) }))
        {
            foreach (var run in new[] { old, recent, foreign })
            {
                await store.PutAsync($"runs/{run}/plan.json", Encoding.UTF8.GetBytes("{}"), ct);
                await store.PutAsync($"runs/{run}/records/task-0.jsonl", new byte[2000], ct);
            }
        }
        // An image per package id, each with its own manifest, as package ids (content hashes) have. The twin run's image
        // is also tagged "shared", which no run names: the registry deletes manifests, not tags, so it must stay.
        await PushImageAsync(repository, "old", ["pkgold0000000000"], ct);
        await PushImageAsync(repository, "new", ["pkgnew0000000000"], ct);
        await PushImageAsync(repository, "twin", ["pkgtwin000000000", "shared"], ct);
        var tool = (string[] arguments) => ProcessRunner.RunAsync(
            "dotnet", [ToolRunner.ToolPath, .. arguments], temp.Path, environment.ToDictionary(v => v.Key, v => (string?)v.Value), TimeSpan.FromMinutes(3), ct);

        var dryRun = await tool(["clean", "--dry-run"]);

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        var output = dryRun.StandardOutput.Replace("\r\n", "\n");
        Assert.Contains($"The aws-batch store s3://{account.Bucket}/experiments and its registry:\n", output, StringComparison.Ordinal);
        Assert.Contains($"  would remove run s3://{account.Bucket}/experiments/runs/{old} (2 objects): 2 kB\n", output, StringComparison.Ordinal);
        Assert.Contains($"  would remove image {RegistryService.Address}/{repository}:pkgold0000000000\n", output, StringComparison.Ordinal);
        Assert.Contains("  left alone: 1 run folder this project's journal does not know (another project's or machine's)\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain(recent, output.Replace($"kept run {recent}", ""), StringComparison.Ordinal);
        Assert.Equal([foreign, old, recent], (await RunFoldersAsync(account.Bucket, environment, ct)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("pkgtwin000000000", output, StringComparison.Ordinal);
        Assert.Equal(["pkgnew0000000000", "pkgold0000000000", "pkgtwin000000000", "shared"], (await TagsAsync(repository, ct)).Order(StringComparer.Ordinal));

        var clean = await tool(["clean"]);

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Contains($"  removed run s3://{account.Bucket}/experiments/runs/{old} (2 objects): 2 kB\n", clean.StandardOutput.Replace("\r\n", "\n"), StringComparison.Ordinal);
        Assert.Equal([foreign, recent], (await RunFoldersAsync(account.Bucket, environment, ct)).Order(StringComparer.Ordinal));
        Assert.Equal(["pkgnew0000000000", "pkgtwin000000000", "shared"], (await TagsAsync(repository, ct)).Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(journal.DirectoryOf(old)));
        Assert.False(Directory.Exists(journal.DirectoryOf(twin)));
    }

    private static string Journal(RunJournal journal, DateTimeOffset ended, string packageId)
    {
        var id = RunId.New(ended.AddMinutes(-1));
        Directory.CreateDirectory(journal.DirectoryOf(id));
        journal.Save(new RunInfo
        {
            Id = id,
            Status = RunStatus.Recorded,
            Backend = "aws-batch",
            StartedAt = ended.AddMinutes(-1),
            EndedAt = ended,
            Configuration = "Release",
            Experiments = ["Study.Run"],
            PackageId = packageId,
            ToolVersion = "test",
            Counts = new RunCounts(1, 1, 0),
        });
        return id;
    }

    private static async Task<IReadOnlyList<string>> RunFoldersAsync(string bucket, IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        using var store = ObjectStores.Open(new Uri($"s3://{bucket}/experiments"), new ObjectStoreOptions { Environment = n => environment.GetValueOrDefault(n) });
        return (await store.ListAsync("runs/", ct)).Select(o => o.Name.Split('/')[1]).Distinct().ToArray();
    }

    private static async Task<IReadOnlyList<string>> TagsAsync(string repository, CancellationToken ct)
    {
        var result = await ProcessRunner.RunAsync("skopeo", ["list-tags", "--tls-verify=false", $"docker://{RegistryService.Address}/{repository}"], Path.GetTempPath(), timeout: TimeSpan.FromMinutes(1), cancellationToken: ct);
        Assert.True(result.ExitCode == 0, result.ToString());
        var tags = System.Text.Json.JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("Tags");
        return tags.EnumerateArray().Select(t => t.GetString()!).ToArray();
    }

    /// <summary>Pushes a minimal OCI image (a config blob holding <paramref name="content"/>, no layers) under each tag.</summary>
    private static async Task PushImageAsync(string repository, string content, string[] tags, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{RegistryService.Address}") };
        var config = Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux","config":{"Labels":{"test":"{{{content}}}"}},"rootfs":{"type":"layers","diff_ids":[]}}""");
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(config));
        using var start = await http.PostAsync($"/v2/{repository}/blobs/uploads/", null, ct);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, start.StatusCode);
        var location = start.Headers.Location!.ToString();
        var upload = location + (location.Contains('?') ? "&" : "?") + "digest=" + Uri.EscapeDataString(digest);
        using (var put = await http.PutAsync(upload, new ByteArrayContent(config), ct))
            Assert.Equal(System.Net.HttpStatusCode.Created, put.StatusCode);
        var manifest = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{digest}}","size":{{config.Length}}},"layers":[]}""";
        foreach (var tag in tags)
        {
            var body = new StringContent(manifest, Encoding.UTF8);
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json");
            using var put = await http.PutAsync($"/v2/{repository}/manifests/{tag}", body, ct);
            Assert.True(put.StatusCode == System.Net.HttpStatusCode.Created, await put.Content.ReadAsStringAsync(ct));
        }
    }
}
