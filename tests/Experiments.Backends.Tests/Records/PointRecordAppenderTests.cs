using Experiments.Schema;
using Experiments.TestSupport;

namespace Experiments.Backends.Tests.Records;

/// <summary>
/// A worker holds each point's final record back and writes it with the next point's started record: one write per
/// point, with nothing reordered, nothing lost at the end of a task, and the running point always named in the file.
/// </summary>
public sealed class PointRecordAppenderTests : IDisposable
{
    private readonly TempDirectory _store = new("appender");

    public void Dispose() => _store.Dispose();

    private string Path => PointRecordFiles.PathOf(_store.Path, "Samples.Study.Run", 0);

    [Fact]
    public void A_held_back_final_record_reaches_the_file_with_the_next_started_record_in_order()
    {
        using var log = new PointRecordAppender(Path);
        log.Append(Support.Records.Started("a=1"));
        log.AppendLater(Support.Records.Succeeded("a=1"));

        var whileHeld = PointRecordReader.ReadAll(Path);
        log.Append(Support.Records.Started("a=2"));
        var afterNextStart = PointRecordReader.ReadAll(Path);

        // While a=1's final record is held, the file says a=1 started: a crash now would be pinned to a=1, not lost.
        Assert.Equal([("a=1", PointStatus.Started)], whileHeld.Select(r => (r.Key, r.Status)));
        Assert.Equal(
            [("a=1", PointStatus.Started), ("a=1", PointStatus.Succeeded), ("a=2", PointStatus.Started)],
            afterNextStart.Select(r => (r.Key, r.Status)));
    }

    [Fact]
    public void Held_back_records_are_written_on_flush_and_when_the_task_ends()
    {
        var log = new PointRecordAppender(Path);
        log.Append(Support.Records.Started("a=1"));
        log.AppendLater(Support.Records.Succeeded("a=1"));
        log.Flush();
        var flushed = PointRecordReader.ReadAll(Path);
        log.Append(Support.Records.Started("a=2"));
        log.AppendLater(Support.Records.Failed("a=2", ErrorKind.Exception));
        log.Dispose();

        Assert.Equal(2, flushed.Count);
        Assert.Equal(
            [("a=1", PointStatus.Started), ("a=1", PointStatus.Succeeded), ("a=2", PointStatus.Started), ("a=2", PointStatus.Failed)],
            PointRecordReader.ReadAll(Path).Select(r => (r.Key, r.Status)));
    }
}
