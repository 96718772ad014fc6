using System.Text.Json;
using Experiments.Schema;
using Experiments.Tool.Running;

namespace Experiments.Tool.Tests.Unit;

public class PointLedgerTests
{
    private static readonly RunPlan Plan = new(
        RunPlan.CurrentSchema, "r1",
        [new PlannedExperiment("Lab.A.Run", "h", 4)],
        [new PlannedTask(0, [0, 1]), new PlannedTask(0, [2, 3])]);

    [Fact]
    public void Counts_follow_started_and_final_records()
    {
        var ledger = new PointLedger(Plan, new Dictionary<string, int> { ["Lab.A.Run"] = 0 });

        ledger.Add([Started(0, 1), Started(2, 1)]);
        Assert.Equal((0L, 0L, 2L, 2L), (ledger.Succeeded, ledger.Failed, ledger.Running, ledger.Remaining));

        ledger.Add([Succeeded(0, 1), Failed(2, 1, ErrorKind.Exception), Started(1, 1)]);
        Assert.Equal((1L, 1L, 1L, 1L), (ledger.Succeeded, ledger.Failed, ledger.Running, ledger.Remaining));
        Assert.True(ledger.HasSucceeded("Lab.A.Run", 0));
        Assert.False(ledger.HasSucceeded("Lab.A.Run", 2));
    }

    [Fact]
    public void A_failure_with_retries_left_is_still_running_and_the_last_attempt_decides()
    {
        var ledger = new PointLedger(Plan, new Dictionary<string, int> { ["Lab.A.Run"] = 2 });

        ledger.Add([Started(0, 1), Failed(0, 1, ErrorKind.Exception)]);
        Assert.Equal((0L, 1L), (ledger.Failed, ledger.Running));

        ledger.Add([Started(0, 2), Failed(0, 2, ErrorKind.Crash), Started(0, 3), Succeeded(0, 3)]);
        Assert.Equal((1L, 0L, 0L), (ledger.Succeeded, ledger.Failed, ledger.Running));
        var outcome = Assert.Single(ledger.Outcomes());
        Assert.Equal(PointStatus.Succeeded, outcome.Record.Status);
        Assert.Equal(3, outcome.Attempts);
    }

    [Fact]
    public void A_point_fails_once_it_has_used_every_attempt()
    {
        var ledger = new PointLedger(Plan, new Dictionary<string, int> { ["Lab.A.Run"] = 1 });

        ledger.Add([Failed(3, 1, ErrorKind.Timeout), Failed(3, 2, ErrorKind.Timeout)]);

        Assert.Equal(1, ledger.Failed);
        Assert.Equal(ErrorKind.Timeout, Assert.Single(ledger.Outcomes()).Record.Error!.Kind);
    }

    [Fact]
    public void A_cancelled_attempt_is_not_an_outcome_and_uses_no_attempt()
    {
        var ledger = new PointLedger(Plan, new Dictionary<string, int> { ["Lab.A.Run"] = 0 });

        ledger.Add([Started(1, 1), Failed(1, 1, ErrorKind.Cancelled)]);

        Assert.Equal((0L, 0L, 0L, 4L), (ledger.Succeeded, ledger.Failed, ledger.Running, ledger.Remaining));
        Assert.Empty(ledger.Outcomes());
    }

    [Fact]
    public void Records_of_experiments_outside_the_plan_are_ignored()
    {
        var ledger = new PointLedger(Plan, new Dictionary<string, int>());

        ledger.Add([Succeeded(0, 1) with { Experiment = "Lab.Elsewhere.Run" }]);

        Assert.Equal(0, ledger.Succeeded);
        Assert.Empty(ledger.Outcomes());
    }

    private static PointRecord Started(long index, int attempt) =>
        new("Lab.A.Run", $"n={index}", index, 0, attempt, PointStatus.Started, 1, DateTimeOffset.UnixEpoch, null, null, null);

    private static PointRecord Succeeded(long index, int attempt) =>
        Started(index, attempt) with { Status = PointStatus.Succeeded, Duration = 0.1, Result = JsonSerializer.SerializeToElement(index) };

    private static PointRecord Failed(long index, int attempt, ErrorKind kind) =>
        Started(index, attempt) with { Status = PointStatus.Failed, Duration = 0.1, Error = new PointError(kind, null, kind.ToString()) };
}
