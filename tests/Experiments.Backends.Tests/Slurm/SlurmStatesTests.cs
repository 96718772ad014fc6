using Experiments.Backends.Slurm;

namespace Experiments.Backends.Tests.Slurm;

public sealed class SlurmStatesTests
{
    [Theory]
    [InlineData("PENDING", TaskState.Pending)]
    [InlineData("PD", TaskState.Pending)]
    [InlineData("REQUEUED", TaskState.Pending)]
    [InlineData("RUNNING", TaskState.Running)]
    [InlineData("R", TaskState.Running)]
    [InlineData("COMPLETING", TaskState.Running)]
    [InlineData("CONFIGURING", TaskState.Running)]
    [InlineData("COMPLETED", TaskState.Succeeded)]
    [InlineData("CD", TaskState.Succeeded)]
    [InlineData("FAILED", TaskState.Failed)]
    [InlineData("TIMEOUT", TaskState.Failed)]
    [InlineData("NODE_FAIL", TaskState.Failed)]
    [InlineData("PREEMPTED", TaskState.Failed)]
    [InlineData("OUT_OF_MEMORY", TaskState.Failed)]
    [InlineData("BOOT_FAIL", TaskState.Failed)]
    [InlineData("DEADLINE", TaskState.Failed)]
    [InlineData("CANCELLED", TaskState.Cancelled)]
    [InlineData("CANCELLED by 1000", TaskState.Cancelled)]
    [InlineData("CA", TaskState.Cancelled)]
    [InlineData("SUSPENDED", TaskState.Held)]
    [InlineData("REQUEUE_HOLD", TaskState.Held)]
    [InlineData("STOPPED", TaskState.Held)]
    public void Maps_Slurm_states_to_task_states(string state, TaskState expected)
    {
        Assert.Equal(expected, SlurmStates.Map(state));
    }

    [Theory]
    [InlineData("")]
    [InlineData("SOMETHING_NEW")]
    [InlineData("UNKNOWN")]
    public void A_state_it_does_not_know_is_unknown_never_running(string state)
    {
        Assert.Equal(TaskState.Unknown, SlurmStates.Map(state));
    }

    [Theory]
    [InlineData("JobHeldUser", TaskState.Held)]
    [InlineData("JobHeldAdmin", TaskState.Held)]
    [InlineData("Priority", TaskState.Pending)]
    [InlineData("JobArrayTaskLimit", TaskState.Pending)]
    public void A_pending_job_held_by_someone_is_held(string reason, TaskState expected)
    {
        Assert.Equal(expected, SlurmStates.Map("PENDING", reason));
    }

    [Fact]
    public void Only_ended_states_are_final()
    {
        Assert.Equal(
            [TaskState.Succeeded, TaskState.Failed, TaskState.Cancelled],
            Enum.GetValues<TaskState>().Where(SlurmStates.IsFinal));
    }
}
