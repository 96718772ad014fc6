using Experiments.Backends.Slurm;
using Experiments.Backends.Tests.Support;
using Experiments.Registry;

namespace Experiments.Backends.Tests.Slurm;

public sealed class SlurmPackingTests
{
    [Theory]
    [InlineData(100_000, 64, 391)]     // 4 tasks per CPU: 256 tasks
    [InlineData(40_000, 1, 5_000)]     // a tiny partition still gets 8 tasks
    [InlineData(1_000_000, 10_000, 1_000)] // a huge one at most 1000 tasks
    [InlineData(100_000_000, 1, 10_000)] // and one lost task never loses more than 10,000 points
    [InlineData(10, 64, 1)]            // fewer points than tasks wanted: one point each
    public void Unknown_durations_aim_for_about_four_tasks_per_cpu_between_8_and_1000_tasks(long points, int cpus, int expected)
    {
        var perTask = SlurmPacking.PointsPerTask(Experiment(points), typicalPointDuration: null, cpus, timeLimit: null);

        Assert.Equal(expected, perTask);
    }

    [Fact]
    public void Without_the_partitions_size_the_points_go_into_about_100_tasks()
    {
        Assert.Equal(SlurmPacking.TasksWithoutCapacity, 100);
        Assert.Equal(50, SlurmPacking.PointsPerTask(Experiment(5_000), null, clusterCpus: null, timeLimit: null));
        Assert.Equal(51, SlurmPacking.PointsPerTask(Experiment(5_001), null, clusterCpus: null, timeLimit: null));
    }

    [Fact]
    public void Cpus_per_point_divide_the_partitions_capacity()
    {
        // 256 CPUs: 1024 tasks wanted (capped at 1000) for 1-CPU points, 4 × 256/8 = 128 tasks for 8-CPU points.
        Assert.Equal(10, SlurmPacking.PointsPerTask(Experiment(10_000), null, 256, null));
        Assert.Equal(79, SlurmPacking.PointsPerTask(Experiment(10_000, Resources(cpus: 8)), null, 256, null));
        // Points wider than the partition still get the 8 tasks at least.
        Assert.Equal(1_250, SlurmPacking.PointsPerTask(Experiment(10_000, Resources(cpus: 512)), null, 256, null));
    }

    [Fact]
    public void Short_points_are_packed_so_that_a_task_runs_at_least_15_seconds()
    {
        // 64 CPUs, 1000 points: 256 tasks of 4 points wanted; at 1 s per point that is a 4 s task, so 15 points.
        var perTask = SlurmPacking.PointsPerTask(Experiment(1_000), TimeSpan.FromSeconds(1), 64, null);

        Assert.Equal(15, perTask);
        Assert.True(perTask * TimeSpan.FromSeconds(1) >= SlurmPacking.MinTaskDuration);
    }

    [Fact]
    public void A_known_duration_at_or_past_the_minimum_keeps_the_capacity_based_count()
    {
        Assert.Equal(4, SlurmPacking.PointsPerTask(Experiment(1_000), TimeSpan.FromSeconds(30), 64, null));
    }

    [Fact]
    public void Long_points_are_packed_so_that_a_task_runs_at_most_20_minutes()
    {
        // Without capacity, 100,000 points want 1000 per task; at 1 minute each that would be a 1000-minute task.
        var perTask = SlurmPacking.PointsPerTask(Experiment(100_000), TimeSpan.FromMinutes(1), null, null);

        Assert.Equal(20, perTask);
    }

    [Fact]
    public void A_point_longer_than_the_longest_task_still_gets_a_task_of_its_own()
    {
        Assert.Equal(1, SlurmPacking.PointsPerTask(Experiment(100_000), TimeSpan.FromHours(2), null, null));
    }

    [Fact]
    public void Points_of_11_minutes_are_not_packed_into_a_task_longer_than_20_minutes()
    {
        var perTask = SlurmPacking.PointsPerTask(Experiment(100_000), TimeSpan.FromMinutes(11), null, null);

        Assert.True(perTask * TimeSpan.FromMinutes(11) <= SlurmPacking.MaxTaskDuration, $"{perTask} points of 11 minutes");
    }

    [Fact]
    public void A_zero_duration_is_treated_as_unknown()
    {
        Assert.Equal(
            SlurmPacking.PointsPerTask(Experiment(5_000), null, null, null),
            SlurmPacking.PointsPerTask(Experiment(5_000), TimeSpan.Zero, null, null));
    }

    [Fact]
    public void A_timeout_and_a_time_limit_cap_the_points_that_fit_in_one_task()
    {
        // 4 hours less the 5-minute margin, at 10 minutes + 30 s grace per point: 22 points.
        var experiment = Experiment(100_000, Resources(timeout: TimeSpan.FromMinutes(10)));

        Assert.Equal(22, SlurmPacking.PointsPerTask(experiment, null, null, TimeSpan.FromHours(4)));
        Assert.Equal(1_000, SlurmPacking.PointsPerTask(Experiment(100_000), null, null, TimeSpan.FromHours(4))); // no Timeout: no cap
        Assert.Equal(1_000, SlurmPacking.PointsPerTask(experiment, null, null, timeLimit: null)); // no limit: no cap
    }

    [Fact]
    public void A_timeout_longer_than_the_time_limit_still_packs_one_point()
    {
        var experiment = Experiment(1_000, Resources(timeout: TimeSpan.FromHours(10)));

        Assert.Equal(1, SlurmPacking.PointsPerTask(experiment, null, 64, TimeSpan.FromMinutes(3)));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(100_000_000L)]
    public void A_task_never_holds_fewer_than_1_or_more_than_10000_points(long points)
    {
        foreach (var cpus in new int?[] { null, 1, 64, 100_000 })
        {
            foreach (var typical in new TimeSpan?[] { null, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(3) })
            {
                var perTask = SlurmPacking.PointsPerTask(Experiment(points), typical, cpus, null);
                Assert.InRange(perTask, 1, SlurmPacking.MaxPointsPerTask);
            }
        }
    }

    private static ExperimentResources Resources(int cpus = 1, TimeSpan? timeout = null) =>
        ExperimentResources.Default with { Cpus = cpus, Timeout = timeout };

    private static ExperimentDescriptor Experiment(long points, ExperimentResources? resources = null) =>
        Descriptors.WithPoints("Lab.Grid.Run", points) with { Resources = resources ?? ExperimentResources.Default };
}
