using System.Text;
using Experiments.Backends.Slurm;
using Experiments.Schema;
using Experiments.TestSupport;

namespace Experiments.Backends.Tests.Slurm;

// The remote store's mirror, with the local shell: rsync copies local → local exactly as it would over ssh.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MirroredResultStoreTests : IDisposable
{
    private const string Experiment = "Lab.A.Run";

    private readonly TempDirectory _temp = new("slurm mirror 'q'");
    private readonly string _clusterRun;
    private readonly string _mirror;

    public MirroredResultStoreTests()
    {
        _clusterRun = _temp.Combine("cluster \"shared\"", "runs", "r 1");
        _mirror = _temp.Combine("repo", ".experiments", "runs", "r 1", "slurm-store");
        Directory.CreateDirectory(_clusterRun);
    }

    [Fact]
    public async Task Before_any_task_has_written_there_is_nothing_to_read()
    {
        using var store = Open();

        var read = await store.ReadNewAsync(Cancel);

        Assert.Empty(read.Records);
        Assert.Empty(read.Problems);
        Assert.Equal($"this machine:{_clusterRun}", store.Location);
    }

    [Fact]
    public async Task Records_appended_between_reads_arrive_once_each()
    {
        using var store = Open();
        var file = ClusterFile(task: 0);
        await File.AppendAllTextAsync(file, Lines(Started(0), Succeeded(0)), Cancel);

        var first = await store.ReadNewAsync(Cancel);
        await File.AppendAllTextAsync(file, Lines(Started(1)), Cancel);
        var second = await store.ReadNewAsync(Cancel);
        var third = await store.ReadNewAsync(Cancel);
        await File.AppendAllTextAsync(file, Lines(Succeeded(1)), Cancel);
        var fourth = await store.ReadNewAsync(Cancel);

        Assert.Equal([(0L, PointStatus.Started), (0L, PointStatus.Succeeded)], first.Records.Select(r => (r.Index, r.Status)));
        Assert.Equal([(1L, PointStatus.Started)], second.Records.Select(r => (r.Index, r.Status)));
        Assert.Empty(third.Records);
        Assert.Equal([(1L, PointStatus.Succeeded)], fourth.Records.Select(r => (r.Index, r.Status)));
        Assert.Equal(await File.ReadAllBytesAsync(file, Cancel), await File.ReadAllBytesAsync(MirrorFile(0), Cancel));
    }

    [Fact]
    public async Task Files_of_tasks_that_start_later_are_picked_up()
    {
        using var store = Open();
        await File.AppendAllTextAsync(ClusterFile(task: 0), Lines(Started(0)), Cancel);
        Assert.Single((await store.ReadNewAsync(Cancel)).Records);

        await File.AppendAllTextAsync(ClusterFile(task: 1), Lines(Started(5), Succeeded(5)), Cancel);
        await File.AppendAllTextAsync(ClusterFile(task: 0), Lines(Succeeded(0)), Cancel);
        var read = await store.ReadNewAsync(Cancel);

        Assert.Equal([(0L, PointStatus.Succeeded), (5L, PointStatus.Started), (5L, PointStatus.Succeeded)], read.Records.Select(r => (r.Index, r.Status)).Order());
    }

    [Fact]
    public async Task A_torn_last_line_waits_until_it_is_complete()
    {
        using var store = Open();
        var file = ClusterFile(task: 0);
        var line = Lines(Succeeded(0));
        await File.WriteAllTextAsync(file, Lines(Started(0)) + line[..25], Cancel);

        var before = await store.ReadNewAsync(Cancel);
        await File.AppendAllTextAsync(file, line[25..], Cancel);
        var after = await store.ReadNewAsync(Cancel);

        Assert.Equal([PointStatus.Started], before.Records.Select(r => r.Status));
        Assert.Empty(before.Problems);
        Assert.Equal([PointStatus.Succeeded], after.Records.Select(r => r.Status));
        Assert.Empty(after.Problems);
    }

    [Fact]
    public async Task A_second_store_on_the_same_mirror_reads_everything_from_the_start()
    {
        // `status` in another process mirrors into the same folder the run's own process used.
        await File.AppendAllTextAsync(ClusterFile(task: 0), Lines(Started(0), Succeeded(0)), Cancel);
        using (var first = Open())
            Assert.Equal(2, (await first.ReadNewAsync(Cancel)).Records.Count);

        using var second = Open();
        var read = await second.ReadNewAsync(Cancel);

        Assert.Equal(2, read.Records.Count);
    }

    public void Dispose() => _temp.Dispose();

    private MirroredResultStore Open() => new(new LocalSlurmShell(), _clusterRun, _mirror);

    private string ClusterFile(int task)
    {
        var path = PointRecordFiles.PathOf(_clusterRun, Experiment, task);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private string MirrorFile(int task) => PointRecordFiles.PathOf(_mirror, Experiment, task);

    private static PointRecord Started(long index) =>
        new(Experiment, $"i={index}", index, 0, 1, PointStatus.Started, 7, new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero), null, null, null);

    private static PointRecord Succeeded(long index) => Started(index) with { Status = PointStatus.Succeeded, Duration = 0.5 };

    private static string Lines(params PointRecord[] records) =>
        string.Concat(records.Select(r => Encoding.UTF8.GetString(PointRecordJson.SerializeLine(r))));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
}
