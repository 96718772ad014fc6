using Experiments.Schema;
using Experiments.Worker;

namespace Experiments.Backends.Tests.Worker;

public sealed class WorkerProtocolTests
{
    [Fact]
    public void Every_line_a_worker_writes_reads_back_as_its_event()
    {
        Assert.Equal(new WorkerEvent(WorkerEventKind.Ready, -1, -1, 0, null, null), WorkerProtocol.Parse(WorkerProtocol.Ready()));
        Assert.Equal(new WorkerEvent(WorkerEventKind.Started, 3, 12_000_000_000, 2, null, null), WorkerProtocol.Parse(WorkerProtocol.Started(3, 12_000_000_000, 2)));
        Assert.Equal(new WorkerEvent(WorkerEventKind.Recorded, 3, 12, 2, PointStatus.Failed, null), WorkerProtocol.Parse(WorkerProtocol.Recorded(3, 12, 2, PointStatus.Failed)));
        Assert.Equal(new WorkerEvent(WorkerEventKind.Recorded, 0, 1, 1, PointStatus.Succeeded, null), WorkerProtocol.Parse(WorkerProtocol.Recorded(0, 1, 1, PointStatus.Succeeded)));
        Assert.Equal(new WorkerEvent(WorkerEventKind.Done, 9, -1, 0, null, null), WorkerProtocol.Parse(WorkerProtocol.Done(9)));
    }

    [Fact]
    public void An_error_message_stays_on_one_line()
    {
        var line = WorkerProtocol.Error("The plan is bad.\nPlan again.");

        Assert.Equal("error The plan is bad. Plan again.", line);
        Assert.Equal("The plan is bad. Plan again.", WorkerProtocol.Parse(line)!.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello from user code")]
    [InlineData("started 1 2")]
    [InlineData("started a b c")]
    [InlineData("record 1 2 3 maybe")]
    [InlineData("done")]
    [InlineData("ready now")]
    public void Other_lines_are_not_events(string line)
    {
        Assert.Null(WorkerProtocol.Parse(line));
    }
}
