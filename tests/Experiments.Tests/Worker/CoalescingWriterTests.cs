using Experiments.Worker;

namespace Experiments.Tests.Worker;

/// <summary>
/// The worker's stdout and stderr hold back per-point lines (protocol notices, output markers) and write them in
/// batches; everything else goes through at once, after what was held, so nothing is reordered or left behind.
/// </summary>
public sealed class CoalescingWriterTests
{
    [Fact]
    public void Held_lines_wait_for_the_next_write_and_keep_their_place_before_it()
    {
        var inner = new StringWriter();
        using var writer = new CoalescingWriter(inner);

        writer.WriteLineLater("started 0 1 1");
        writer.WriteLineLater("record 0 1 1 succeeded");
        var whileHeld = inner.ToString();
        writer.WriteLine("done 0");

        Assert.Equal("", whileHeld);
        Assert.Equal("started 0 1 1\nrecord 0 1 1 succeeded\ndone 0\n", inner.ToString());
    }

    [Fact]
    public async Task Held_lines_are_written_within_moments_even_when_nothing_else_is()
    {
        var inner = new StringWriter();
        using var writer = new CoalescingWriter(inner);

        writer.WriteLineLater("──── end of point E x=1 · task 0 · attempt 1: succeeded ────");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (inner.ToString().Length == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(10, TestContext.Current.CancellationToken);

        Assert.Equal("──── end of point E x=1 · task 0 · attempt 1: succeeded ────\n", inner.ToString());
    }

    [Fact]
    public void A_point_writing_its_own_output_goes_through_at_once_and_dispose_writes_what_is_left()
    {
        var inner = new StringWriter();
        var writer = new CoalescingWriter(inner);

        writer.WriteLineLater("held");
        writer.Write('x');
        writer.Write("yz".AsSpan());
        var afterWrites = inner.ToString();
        writer.WriteLineLater("left");
        writer.Dispose();

        Assert.Equal("held\nxyz", afterWrites);
        Assert.Equal("held\nxyzleft\n", inner.ToString());
    }
}
