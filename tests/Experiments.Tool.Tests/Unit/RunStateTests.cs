using Experiments.Tool.Journal;

namespace Experiments.Tool.Tests.Unit;

/// <summary>
/// One state model for <c>runs</c>, <c>status</c> and <c>resume</c>: each phase a person can act on, and never advice
/// that the next command would contradict.
/// </summary>
public class RunStateTests
{
    private static readonly RunInfo Run = new()
    {
        Id = "20261203-120000-abcd",
        Status = RunStatus.Submitted,
        Backend = "slurm",
        StartedAt = DateTimeOffset.Parse("2026-12-03T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        Configuration = "Release",
        Experiments = ["Lab.Phase.Run"],
        ToolVersion = "0.1.0",
        Counts = new RunCounts(20, 0, 0),
    };

    [Fact]
    public void A_recorded_run_whose_points_all_succeeded_needs_nothing()
    {
        var state = RunState.Of(Run with { Status = RunStatus.Recorded, Counts = new RunCounts(20, 20, 0) }, toolAlive: false);

        Assert.Equal(RunPhase.Recorded, state.Phase);
        Assert.Equal("recorded", state.Text);
        Assert.Null(state.Next);
    }

    [Fact]
    public void A_recorded_run_with_failures_says_so_and_offers_resume_for_exactly_those_points()
    {
        var state = RunState.Of(Run with { Status = RunStatus.Recorded, Counts = new RunCounts(20, 17, 2) }, toolAlive: false);

        Assert.Equal(RunPhase.FinishedWithFailures, state.Phase);
        Assert.Equal("finished with failures: 17 succeeded, 2 failed, 1 not run, of 20", state.Text);
        Assert.Equal("dotnet experiment resume 20261203-120000-abcd (runs the 3 points that did not succeed)", state.Next);
        Assert.Equal("finished with failures", state.Label);
    }

    [Fact]
    public void A_submitted_run_whose_tool_follows_it_is_running_and_is_stopped_with_cancel()
    {
        var state = RunState.Of(Run, toolAlive: true);

        Assert.Equal(RunPhase.Running, state.Phase);
        Assert.StartsWith("dotnet experiment cancel 20261203-120000-abcd", state.Next, StringComparison.Ordinal);
    }

    [Fact]
    public void Tasks_that_outlive_their_tool_keep_the_run_running_until_they_end()
    {
        var state = RunState.Of(Run, toolAlive: false, activeTasks: 3, new RunPoints(5, 0, 15));

        Assert.Equal(RunPhase.Running, state.Phase);
        Assert.Equal("running on the slurm backend (3 tasks queued or running; the tool that started it has ended)", state.Text);
        Assert.Contains("once they end", state.Next, StringComparison.Ordinal);
    }

    [Fact]
    public void A_killed_tool_leaves_an_interrupted_run_to_collect_and_an_all_succeeded_one_only_to_record()
    {
        var partly = RunState.Of(Run, toolAlive: false, activeTasks: 0, new RunPoints(5, 1, 14));
        var whole = RunState.Of(Run, toolAlive: false, activeTasks: 0, new RunPoints(20, 0, 0));

        Assert.Equal(RunPhase.Interrupted, partly.Phase);
        Assert.Equal("interrupted, not collected: 5 succeeded, 1 failed, 14 not finished", partly.Text);
        Assert.Equal("dotnet experiment resume 20261203-120000-abcd (records what finished and runs the rest)", partly.Next);
        Assert.Equal("dotnet experiment resume 20261203-120000-abcd (records its points: every one succeeded)", whole.Next);
        Assert.Equal("interrupted, not collected", RunState.Of(Run, toolAlive: false).Label);
    }

    [Fact]
    public void A_run_cancelled_from_another_terminal_reads_cancelled_before_and_after_it_is_collected()
    {
        var cancelled = Run with { CancelledAt = Run.StartedAt.AddMinutes(5) };

        var before = RunState.Of(cancelled, toolAlive: false, activeTasks: 0, new RunPoints(4, 0, 16));
        var after = RunState.Of(cancelled with { Status = RunStatus.Interrupted, Counts = new RunCounts(20, 4, 0) }, toolAlive: false);

        Assert.Equal(RunPhase.Cancelled, before.Phase);
        Assert.StartsWith("cancelled, not collected", before.Text, StringComparison.Ordinal);
        Assert.Equal(RunPhase.Cancelled, after.Phase);
        Assert.Equal("cancelled: 4 succeeded, 0 failed, 16 not run, of 20 (recorded)", after.Text);
    }

    [Fact]
    public void An_interrupted_run_with_nothing_left_offers_no_resume()
    {
        var state = RunState.Of(Run with { Status = RunStatus.Interrupted, Counts = new RunCounts(20, 20, 0) }, toolAlive: false);

        Assert.Equal(RunPhase.Interrupted, state.Phase);
        Assert.Null(state.Next);
    }

    [Fact]
    public void A_resumed_run_points_to_the_run_that_took_over()
    {
        var state = RunState.Of(Run with { Status = RunStatus.Resumed, ResumedBy = "20261203-130000-ef01" }, toolAlive: false);

        Assert.Equal("resumed by 20261203-130000-ef01", state.Text);
        Assert.Equal("dotnet experiment status 20261203-130000-ef01", state.Next);
    }

    [Fact]
    public void A_plan_that_was_never_submitted_is_resumed_to_submit_it()
    {
        var state = RunState.Of(Run with { Status = RunStatus.Planned }, toolAlive: false);

        Assert.Equal(RunPhase.Planned, state.Phase);
        Assert.Equal("planned, never submitted", state.Text);
    }

    [Fact]
    public void A_tool_killed_between_submitting_and_journaling_it_leaves_a_run_to_collect_not_a_plan()
    {
        var state = RunState.Of(Run with { Status = RunStatus.Planned }, toolAlive: false, activeTasks: 0, new RunPoints(3, 0, 17), anySubmitted: true);

        Assert.Equal(RunPhase.Interrupted, state.Phase);
        Assert.Equal("interrupted, not collected: 3 succeeded, 0 failed, 17 not finished", state.Text);
    }
}
