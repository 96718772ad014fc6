using Experiments.Schema;
using Experiments.Tool.Progress;
using Experiments.Tool.Tests.Support;

namespace Experiments.Tool.Tests.Unit;

/// <summary>
/// The progress ETA from recorded per-point durations: a sweep whose first points are cheap and whose last are dear (the
/// grid order of a phase-transition study) must not be promised to end at the pace of its first points.
/// </summary>
public sealed class EtaEstimatorTests
{
    private static readonly ManifestExperiment Study = TestManifests.Experiment(
        "Lab.Study.Run", axes: ("n", "int", ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]));

    private static readonly RunPlan Plan = new(RunPlan.CurrentSchema, "run", [new PlannedExperiment(Study.Name, Study.GridHash, 10)],
        [new PlannedTask(0, [0, 1, 2, 3, 4]), new PlannedTask(0, [5, 6, 7, 8, 9])]);

    /// <summary>Point n took n seconds last time: 55 seconds of work in all.</summary>
    private static IReadOnlyDictionary<string, double> Recorded(int count) =>
        Enumerable.Range(1, count).ToDictionary(n => $"n={n}", n => (double)n);

    [Fact]
    public void After_the_cheap_first_points_the_estimate_counts_the_dear_ones_still_to_come()
    {
        var eta = EtaEstimator.For(Plan, TestManifests.Descriptors(Study), _ => Recorded(10))!;

        // Points n=1..3 (6 s of recorded work) ended in 3 s on two workers: 49 s of work left at 2 s of work per second.
        eta.Ended(Ended(0, 1, 2));
        var remaining = eta.Remaining(TimeSpan.FromSeconds(3));

        Assert.Equal(24.5, remaining!.Value.TotalSeconds, 6);
        // What the observed rate alone says: 7 points left at 1 point/s, a third of the truth.
        var byRate = new ProgressSnapshot(10, 3, 0, 0, TimeSpan.FromSeconds(3)).Eta!.Value.TotalSeconds;
        Assert.Equal(7, byRate, 6);
        Assert.Equal(remaining, new ProgressSnapshot(10, 3, 0, 0, TimeSpan.FromSeconds(3), EstimatedRemaining: remaining).Eta);
    }

    [Fact]
    public void A_point_ended_twice_counts_once_and_points_never_recorded_count_as_the_mean()
    {
        // n=1..8 recorded (36 s, mean 4.5 s); n=9 and n=10 count 4.5 s each: 45 s in all.
        var eta = EtaEstimator.For(Plan, TestManifests.Descriptors(Study), _ => Recorded(8))!;

        eta.Ended(Ended(8, 8, 9)); // the two unrecorded points: 9 s of work in 9 s
        var remaining = eta.Remaining(TimeSpan.FromSeconds(9));

        Assert.Equal(36, remaining!.Value.TotalSeconds, 6);
    }

    [Fact]
    public void Without_recorded_durations_for_half_the_points_there_is_no_estimate_and_the_rate_decides()
    {
        Assert.Null(EtaEstimator.For(Plan, TestManifests.Descriptors(Study), _ => Recorded(4)));
        Assert.Null(EtaEstimator.For(Plan, TestManifests.Descriptors(Study), _ => new Dictionary<string, double>()));
        Assert.NotNull(EtaEstimator.For(Plan, TestManifests.Descriptors(Study), _ => Recorded(5)));
    }

    [Fact]
    public void Before_any_point_ends_there_is_no_estimate()
    {
        var eta = EtaEstimator.For(Plan, TestManifests.Descriptors(Study), _ => Recorded(10))!;

        Assert.Null(eta.Remaining(TimeSpan.FromSeconds(5)));
    }

    private static PointRecord[] Ended(params long[] indexes) => indexes
        .Select(i => new PointRecord(Study.Name, $"n={i + 1}", i, (int)(i / 5), 1, PointStatus.Succeeded, 0, DateTimeOffset.UnixEpoch, 1, null, null))
        .ToArray();
}
