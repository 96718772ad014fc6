using Experiments.Backends;
using Experiments.Registry;

namespace Experiments.Tool.Tests.Support;

/// <summary>A backend that only plans (limits and task sizes), for dry-run output; submitting is not what it is for.</summary>
public sealed class PlanningBackend(string name, BackendLimits limits, int pointsPerTask) : IExperimentBackend
{
    public string Name => name;

    public BackendLimits Limits => limits;

    /// <summary>The point counts the planner showed the backend when it asked for a task size.</summary>
    public List<long> PointCountsSeen { get; } = [];

    public int DefaultPointsPerTask(ExperimentDescriptor experiment, TimeSpan? typicalPointDuration)
    {
        PointCountsSeen.Add(experiment.PointCount);
        return pointsPerTask;
    }

    public Task<PreparedPackage> PrepareAsync(PackageRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Submission> SubmitAsync(SubmitRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<SubmissionStatus> PollAsync(Submission submission, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task CancelAsync(Submission submission, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IResultStore OpenStore(Submission submission) => throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
