using Experiments.Backends;
using Experiments.Registry;

namespace Experiments.Tool.Tests.Support;

/// <summary>A backend that only plans (limits and task sizes), for dry-run output; submitting is not what it is for.</summary>
public sealed class PlanningBackend(string name, BackendLimits limits, int pointsPerTask) : IExperimentBackend
{
    public string Name => name;

    public BackendLimits Limits => limits;

    public int DefaultPointsPerTask(ExperimentDescriptor experiment, TimeSpan? typicalPointDuration) => pointsPerTask;

    public Task<PreparedPackage> PrepareAsync(PackageRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Submission> SubmitAsync(SubmitRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<SubmissionStatus> PollAsync(Submission submission, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task CancelAsync(Submission submission, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IResultStore OpenStore(Submission submission) => throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
