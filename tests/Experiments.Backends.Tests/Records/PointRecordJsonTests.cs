using Experiments.TestSupport;
using System.Text;
using Experiments.Backends.Tests.Support;
using Experiments.Schema;

namespace Experiments.Backends.Tests.Records;

public sealed class PointRecordJsonTests
{
    public static TheoryData<string> Lines => new(Examples().Select(PointRecordJson.Serialize));

    [Fact]
    public void Records_are_written_one_per_line_in_the_documented_shape()
    {
        Approvals.Verify(string.Join("\n", Examples().Select(PointRecordJson.Serialize)), "PointRecordJsonTests.Records_are_written_one_per_line_in_the_documented_shape");
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void A_record_reads_back_as_written(string line)
    {
        var record = PointRecordJson.Parse(line);

        Assert.Equal(line, PointRecordJson.Serialize(record));
    }

    [Fact]
    public void Parsing_keeps_every_field()
    {
        var original = Support.Records.Failed("delta=0.5;solver=\"a;b\"", ErrorKind.Crash, attempt: 2, index: 17, task: 3);

        var read = PointRecordJson.Parse(PointRecordJson.Serialize(original));

        Assert.Equal(original with { Result = null }, read with { Result = null });
        Assert.Equal(134, read.Error!.ExitCode);
    }

    [Fact]
    public void A_line_for_the_store_ends_with_one_newline()
    {
        var line = PointRecordJson.SerializeLine(Support.Records.Started("a=1"));

        Assert.Equal((byte)'\n', line[^1]);
        Assert.DoesNotContain((byte)'\n', line[..^1]);
    }

    [Fact]
    public void Text_in_keys_results_and_messages_stays_readable()
    {
        var record = Support.Records.Succeeded("name=\"x=1;y\"", """{"note":"ä <b> & ü"}""");

        var line = PointRecordJson.Serialize(record);

        Assert.Contains("\"key\":\"name=\\\"x=1;y\\\"\"", line);
        Assert.Contains("ä <b> & ü", line);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1,2]", "expected a JSON object")]
    [InlineData("""{"key":"a=1"}""", "missing 'status'")]
    [InlineData("""{"experiment":"E","key":"a=1","index":0,"task":0,"attempt":1,"status":"done","seed":1,"startedAt":"2026-11-21T12:00:00Z"}""", "unknown status 'done' (valid: started, succeeded, failed)")]
    [InlineData("""{"experiment":"E","key":"a=1","index":"0","task":0,"attempt":1,"status":"started","seed":1,"startedAt":"2026-11-21T12:00:00Z"}""", "'index' must be a number")]
    [InlineData("""{"experiment":"E","key":"a=1","index":0,"task":0,"attempt":1,"status":"failed","seed":1,"startedAt":"2026-11-21T12:00:00Z","error":{"kind":"oops","message":"m"}}""", "unknown error kind 'oops'")]
    public void A_line_that_is_not_a_record_is_refused_with_the_reason(string line, string reason)
    {
        var record = PointRecordJson.TryParse(Encoding.UTF8.GetBytes(line), out var problem);

        Assert.Null(record);
        Assert.Contains(reason, problem);
    }

    [Fact]
    public void Cancelled_attempts_do_not_count_and_other_failures_do()
    {
        Assert.False(Support.Records.Failed("a=1", ErrorKind.Cancelled).CountsAsFailedAttempt);
        Assert.True(Support.Records.Failed("a=1", ErrorKind.Crash).CountsAsFailedAttempt);
        Assert.True(Support.Records.Failed("a=1", ErrorKind.Timeout).CountsAsFailedAttempt);
        Assert.True(Support.Records.Failed("a=1", ErrorKind.Exception).CountsAsFailedAttempt);
        Assert.False(Support.Records.Succeeded("a=1").CountsAsFailedAttempt);
        Assert.False(Support.Records.Started("a=1").IsFinal);
    }

    private static IEnumerable<PointRecord> Examples() =>
    [
        Support.Records.Started("delta=0.5;rho=0.02;replicate=3", index: 12),
        Support.Records.Succeeded("delta=0.5;rho=0.02;replicate=3", """{"successRate":1,"meanError":0.0001}""", index: 12),
        Support.Records.Succeeded("side=left") with { Result = null },
        Support.Records.Failed("x=2", ErrorKind.Exception, attempt: 3),
        Support.Records.Failed("p=2", ErrorKind.Crash),
        Support.Records.Failed("ms=5000", ErrorKind.Timeout),
        Support.Records.Failed("i=7", ErrorKind.Cancelled),
    ];
}
