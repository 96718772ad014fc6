using Experiments.Backends;
using Experiments.Schema;
using Experiments.Worker;

namespace Experiments.Tool.Tests.Unit;

/// <summary>Cutting a worker's output into what each point attempt printed, by the markers the worker writes.</summary>
public sealed class PointOutputSectionsTests
{
    [Fact]
    public void Each_attempt_gets_its_own_lines_and_protocol_and_banner_lines_stay_outside()
    {
        var text = string.Join('\n',
            "--- worker process 42 started ---",
            "started 0 1 1",
            PointOutputMarker.Start("Sweeps.Failing.Throw", "x=2", 0, 1),
            "Sweeps.Failing.Throw gives up on x=2",
            "System.InvalidOperationException: x=2 always fails",
            PointOutputMarker.End("Sweeps.Failing.Throw", "x=2", 0, 1, PointStatus.Failed),
            "record 0 1 1 failed",
            PointOutputMarker.Start("Sweeps.Arithmetic.Print", "side=a b · c", 3, 2),
            "Sweeps.Arithmetic.Print says a b",
            PointOutputMarker.End("Sweeps.Arithmetic.Print", "side=a b · c", 3, 2, PointStatus.Succeeded),
            "done 0",
            "");

        var split = PointOutputSections.Of(text);

        Assert.Equal(
            [
                ("Sweeps.Failing.Throw", "x=2", 0, 1, "failed"),
                ("Sweeps.Arithmetic.Print", "side=a b · c", 3, 2, "succeeded"),
            ],
            split.Points.Select(p => (p.Experiment, p.Key, p.Task, p.Attempt, p.Status)));
        Assert.Equal(["Sweeps.Failing.Throw gives up on x=2", "System.InvalidOperationException: x=2 always fails"], split.Points[0].Lines);
        Assert.Equal(["Sweeps.Arithmetic.Print says a b"], split.Points[1].Lines);
        Assert.Equal(["--- worker process 42 started ---"], split.Outside);
    }

    [Fact]
    public void An_attempt_whose_worker_died_inside_it_keeps_its_lines_and_has_no_status()
    {
        var text = string.Join('\n',
            PointOutputMarker.Start("Sweeps.Crashing.FailFast", "p=2", 1, 1),
            "Process terminated. Sweeps.Crashing.FailFast p=2",
            PointOutputMarker.Start("Sweeps.Crashing.FailFast", "p=3", 1, 1),
            PointOutputMarker.End("Sweeps.Crashing.FailFast", "p=3", 1, 1, PointStatus.Succeeded));

        var split = PointOutputSections.Of(text);

        Assert.Equal(2, split.Points.Count);
        Assert.Null(split.Points[0].Status);
        Assert.Equal(["Process terminated. Sweeps.Crashing.FailFast p=2"], split.Points[0].Lines);
        Assert.Equal("succeeded", split.Points[1].Status);
        Assert.Empty(split.Points[1].Lines);
    }
}
