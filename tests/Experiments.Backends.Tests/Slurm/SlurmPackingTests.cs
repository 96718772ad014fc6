using Experiments.Backends.Slurm;
using Experiments.Backends.Tests.Support;
using Experiments.Registry;

namespace Experiments.Backends.Tests.Slurm;

/// <summary>Points per task on Slurm: the shared packing with Slurm's profile (15 s to 20 min tasks, the partition's CPUs) and its time limit.</summary>
public sealed class SlurmPackingTests
{
    [Theory]
    [InlineData(100_000, 64, 782)]       // two waves of 64: 128 tasks
    [InlineData(40_000, 1, 10_000)]      // one lost task never loses more than 10,000 points: 4 tasks
    [InlineData(1_000_000, 10_000, 50)]  // a huge partition: two waves of 10,000
    [InlineData(100_000_000, 1, 10_000)]
    [InlineData(10, 64, 1)]              // fewer points than CPUs: one point each
    [InlineData(1_000, 2, 250)]          // the first-run benchmark: 4 tasks on 2 CPUs, two full waves
    public void Unknown_durations_make_two_full_waves_of_the_partitions_cpus(long points, int cpus, int expected)
    {
        Assert.Equal(expected, PerTask(Experiment(points), null, cpus));
    }

    [Fact]
    public void Without_the_partitions_size_the_points_go_into_about_100_tasks()
    {
        Assert.Equal(50, PerTask(Experiment(5_000), null, cpus: null));
        Assert.Equal(51, PerTask(Experiment(5_001), null, cpus: null));
    }

    [Fact]
    public void Cpus_per_point_divide_the_partitions_capacity()
    {
        // 256 CPUs: 512 tasks wanted for 1-CPU points (500 of 20 points come closest), 2 × 256/8 = 64 for 8-CPU points.
        Assert.Equal(20, PerTask(Experiment(10_000), null, 256));
        Assert.Equal(157, PerTask(Experiment(10_000, Resources(cpus: 8)), null, 256));
        // Points wider than the partition run one at a time: two tasks.
        Assert.Equal(5_000, PerTask(Experiment(10_000, Resources(cpus: 512)), null, 256));
    }

    [Fact]
    public void Short_points_are_packed_so_that_a_task_runs_at_least_15_seconds_in_whole_waves()
    {
        // 64 CPUs, 1000 points of 1 s: at least 15 points a task (67 tasks, a second wave of 3); 16 points make one wave.
        var perTask = PerTask(Experiment(1_000), TimeSpan.FromSeconds(1), 64);

        Assert.Equal(16, perTask);
        Assert.InRange((1_000 + perTask - 1) / perTask, 57, 64);
    }

    [Fact]
    public void A_known_duration_at_or_past_the_minimum_keeps_four_tasks_per_cpu()
    {
        Assert.Equal(4, PerTask(Experiment(1_000), TimeSpan.FromSeconds(30), 64));
    }

    [Fact]
    public void Long_points_are_packed_so_that_a_task_runs_at_most_20_minutes()
    {
        Assert.Equal(20, PerTask(Experiment(100_000), TimeSpan.FromMinutes(1), null));
        Assert.Equal(1, PerTask(Experiment(100_000), TimeSpan.FromHours(2), null));
        Assert.Equal(1, PerTask(Experiment(100_000), TimeSpan.FromMinutes(11), null));
    }

    [Fact]
    public void A_zero_duration_is_treated_as_unknown()
    {
        Assert.Equal(PerTask(Experiment(5_000), null, null), PerTask(Experiment(5_000), TimeSpan.Zero, null));
    }

    [Fact]
    public void A_timeout_and_a_time_limit_cap_the_points_that_fit_in_one_task()
    {
        // 4 hours less the 5-minute margin, at 10 minutes + 30 s grace per point: 22 points.
        var experiment = Experiment(100_000, Resources(timeout: TimeSpan.FromMinutes(10)));

        Assert.Equal(22, PerTask(experiment, null, null, "4:00:00"));
        Assert.Equal(1_000, PerTask(Experiment(100_000), null, null, "4:00:00")); // no Timeout: no cap
        Assert.Equal(1_000, PerTask(experiment, null, null)); // no limit: no cap
        Assert.Equal(1, PerTask(Experiment(1_000, Resources(timeout: TimeSpan.FromHours(10))), null, 64, "3"));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(100_000_000L)]
    public void A_task_never_holds_fewer_than_1_or_more_than_10000_points(long points)
    {
        foreach (var cpus in new int?[] { null, 1, 64, 100_000 })
            foreach (var typical in new TimeSpan?[] { null, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(3) })
                Assert.InRange(PerTask(Experiment(points), typical, cpus), 1, 10_000);
    }

    private static int PerTask(ExperimentDescriptor experiment, TimeSpan? typical, int? cpus, string? timeLimit = null) =>
        new SlurmBackend(new SlurmOptions { SharedDirectory = "/scratch/x", TimeLimit = timeLimit }, new LocalSlurmShell(), 1001, cpus)
            .DefaultPointsPerTask(experiment, typical);

    private static ExperimentResources Resources(int cpus = 1, TimeSpan? timeout = null) =>
        ExperimentResources.Default with { Cpus = cpus, Timeout = timeout };

    private static ExperimentDescriptor Experiment(long points, ExperimentResources? resources = null) =>
        Descriptors.WithPoints("Lab.Grid.Run", points) with { Resources = resources ?? ExperimentResources.Default };
}
