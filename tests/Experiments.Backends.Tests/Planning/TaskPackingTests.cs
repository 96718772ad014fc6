namespace Experiments.Backends.Tests.Planning;

public sealed class TaskPackingTests
{
    private static readonly TimeSpan FiveSeconds = TimeSpan.FromSeconds(5);

    [Fact]
    public void Known_durations_pack_points_until_a_task_runs_the_target_time()
    {
        Assert.Equal(50, TaskPacking.PointsPerTask(10_000, TimeSpan.FromMilliseconds(100), FiveSeconds, 16, 1000));
    }

    [Fact]
    public void Points_longer_than_the_target_get_a_task_each()
    {
        Assert.Equal(1, TaskPacking.PointsPerTask(10_000, TimeSpan.FromMinutes(3), FiveSeconds, 16, 1000));
    }

    [Fact]
    public void Unknown_durations_cut_the_grid_into_the_target_number_of_tasks()
    {
        Assert.Equal(63, TaskPacking.PointsPerTask(1000, null, FiveSeconds, 16, 1000));
    }

    [Fact]
    public void The_result_stays_between_one_and_the_maximum()
    {
        Assert.Equal(1000, TaskPacking.PointsPerTask(1_000_000, null, FiveSeconds, 16, 1000));
        Assert.Equal(1000, TaskPacking.PointsPerTask(10, TimeSpan.FromTicks(1), FiveSeconds, 16, 1000));
        Assert.Equal(1, TaskPacking.PointsPerTask(3, null, FiveSeconds, 16, 1000));
    }
}
