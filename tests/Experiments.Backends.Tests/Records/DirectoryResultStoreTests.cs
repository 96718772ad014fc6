using Experiments.Backends.Tests.Support;
using Experiments.Schema;
using Experiments.TestSupport;

namespace Experiments.Backends.Tests.Records;

public sealed class DirectoryResultStoreTests : IDisposable
{
    private readonly TempDirectory _store = new("store");

    public void Dispose() => _store.Dispose();

    [Fact]
    public void An_empty_or_missing_store_has_no_records()
    {
        using var store = new DirectoryResultStore(_store.Combine("nothing-here"));

        var read = store.ReadNew();

        Assert.Empty(read.Records);
        Assert.Empty(read.Problems);
    }

    [Fact]
    public void Each_read_returns_only_what_was_appended_since_the_last()
    {
        using var store = new DirectoryResultStore(_store.Path);
        using var log = new PointRecordAppender(PointRecordFiles.PathOf(_store.Path, "Samples.Study.Run", 0));
        log.Append(Support.Records.Started("a=1"));
        log.Append(Support.Records.Succeeded("a=1"));

        var first = store.ReadNew();
        log.Append(Support.Records.Started("a=2"));
        var second = store.ReadNew();
        var third = store.ReadNew();

        Assert.Equal([PointStatus.Started, PointStatus.Succeeded], first.Records.Select(r => r.Status));
        Assert.Equal("a=2", Assert.Single(second.Records).Key);
        Assert.Empty(third.Records);
    }

    [Fact]
    public void A_last_line_without_a_newline_waits_until_it_is_complete()
    {
        using var store = new DirectoryResultStore(_store.Path);
        var path = PointRecordFiles.PathOf(_store.Path, "Samples.Study.Run", 0);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var line = PointRecordJson.SerializeLine(Support.Records.Succeeded("a=1"));
        var half = line.Length / 2;
        File.WriteAllBytes(path, line[..half]);

        var whileTorn = store.ReadNew();
        using (var file = new FileStream(path, FileMode.Append))
            file.Write(line.AsSpan(half));
        var afterwards = store.ReadNew();

        Assert.Empty(whileTorn.Records);
        Assert.Empty(whileTorn.Problems);
        Assert.Equal("a=1", Assert.Single(afterwards.Records).Key);
    }

    [Fact]
    public void A_line_cut_off_by_a_crash_is_ended_by_the_next_writer_and_skipped_by_readers()
    {
        var path = PointRecordFiles.PathOf(_store.Path, "Samples.Study.Run", 4);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var started = PointRecordJson.SerializeLine(Support.Records.Started("a=1"));
        var cut = PointRecordJson.SerializeLine(Support.Records.Succeeded("a=1"))[..40];
        File.WriteAllBytes(path, [.. started, .. cut]);

        using (var log = new PointRecordAppender(path))
            log.Append(Support.Records.Failed("a=1", ErrorKind.Crash));
        using var store = new DirectoryResultStore(_store.Path);
        var read = store.ReadNew();

        Assert.Equal([PointStatus.Started, PointStatus.Failed], read.Records.Select(r => r.Status));
        var problem = Assert.Single(read.Problems);
        Assert.Contains($"records/{Path.GetFileName(path)} line 2: not a point record", problem);
    }

    [Fact]
    public void Reads_every_task_file_including_files_that_appear_later()
    {
        using var store = new DirectoryResultStore(_store.Path);
        using (var log = new PointRecordAppender(PointRecordFiles.PathOf(_store.Path, "A", 0)))
            log.Append(Support.Records.Succeeded("a=1") with { Experiment = "A" });
        var first = store.ReadNew();
        using (var log = new PointRecordAppender(PointRecordFiles.PathOf(_store.Path, "B", 1)))
            log.Append(Support.Records.Succeeded("b=1", task: 1) with { Experiment = "B" });
        var second = store.ReadNew();

        Assert.Equal("A", Assert.Single(first.Records).Experiment);
        Assert.Equal("B", Assert.Single(second.Records).Experiment);
    }

    [Fact]
    public void A_line_longer_than_the_read_buffer_is_read_whole()
    {
        using var store = new DirectoryResultStore(_store.Path);
        var big = new string('x', 3 << 20);
        using (var log = new PointRecordAppender(PointRecordFiles.PathOf(_store.Path, "A", 0)))
        {
            log.Append(Support.Records.Succeeded("a=1", $$"""{"text":"{{big}}"}"""));
            log.Append(Support.Records.Succeeded("a=2"));
        }

        var read = store.ReadNew();

        Assert.Equal(["a=1", "a=2"], read.Records.Select(r => r.Key));
        Assert.Equal(big, read.Records[0].Result!.Value.GetProperty("text").GetString());
    }

    [Fact]
    public void File_names_follow_the_documented_layout()
    {
        var path = PointRecordFiles.PathOf("/store", "Samples.PhaseTransition.Run", 17);

        Assert.Matches(@"^/store/records/[0-9a-f]{12}-task-17\.jsonl$", path.Replace('\\', '/'));
        Assert.Equal(PointRecordFiles.FileName("Samples.PhaseTransition.Run", 17), Path.GetFileName(path));
        Assert.NotEqual(PointRecordFiles.ExperimentHash("A"), PointRecordFiles.ExperimentHash("B"));
    }

    [Fact]
    public void Reading_sees_records_while_a_writer_keeps_appending()
    {
        using var store = new DirectoryResultStore(_store.Path);
        var seen = new List<PointRecord>();
        using (var log = new PointRecordAppender(PointRecordFiles.PathOf(_store.Path, "A", 0)))
        {
            for (var i = 0; i < 200; i++)
            {
                log.Append(Support.Records.Succeeded($"i={i}", index: i));
                if (i % 7 == 0)
                    seen.AddRange(store.ReadNew().Records);
            }
        }
        seen.AddRange(store.ReadNew().Records);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"i={i}"), seen.Select(r => r.Key));
    }
}
