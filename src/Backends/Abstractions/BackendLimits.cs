namespace Experiments.Backends;

/// <summary>What one submission to a backend may hold.</summary>
/// <param name="SupportsArrays">Whether tasks go out as array jobs (one submission, an index per task).</param>
/// <param name="MaxArraySize">The most tasks in one array job (Slurm's <c>MaxArraySize</c>, AWS Batch's 10,000).</param>
/// <param name="MaxTasksPerSubmission">The most tasks one <see cref="IExperimentBackend.SubmitAsync"/> call accepts.</param>
public sealed record BackendLimits(bool SupportsArrays, int MaxArraySize, int MaxTasksPerSubmission)
{
    /// <summary>No limits: a backend that schedules tasks itself, as the local one does.</summary>
    public static BackendLimits Unlimited { get; } = new(false, int.MaxValue, int.MaxValue);
}
