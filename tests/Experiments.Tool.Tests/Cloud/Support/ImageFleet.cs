using System.Collections.Concurrent;
using Experiments.CloudEmulators.Hosting;
using Experiments.TestSupport;
using Experiments.TestSupport.Containers;

namespace Experiments.Tool.Tests.Cloud.Support;

/// <summary>
/// Plays a cloud's compute fleet for the end-to-end tests: each task attempt an emulator (or the AWS proxy) starts runs
/// the pushed image's entry point from its unpacked root filesystem, with the task's environment as the service sets it
/// plus <see cref="CloudEnvironment"/> — what the compute environment itself provides (a role's credentials, the storage
/// endpoint), which the backend must never put in a job. Its exit code is the attempt's.
/// </summary>
public sealed class ImageFleet(UnpackedImages images, IReadOnlyDictionary<string, string> cloudEnvironment)
{
    private readonly ConcurrentQueue<FleetRun> _runs = new();

    /// <summary>What every task gets from where it runs, not from the backend.</summary>
    public IReadOnlyDictionary<string, string> CloudEnvironment { get; } = cloudEnvironment;

    /// <summary>The longest one attempt may run before the fleet kills it (exit 137, as a node would).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Every attempt run so far, in the order they ended.</summary>
    public IReadOnlyList<FleetRun> Runs => _runs.ToArray();

    /// <summary>The emulators' task hook.</summary>
    public async Task<int> RunAsync(EmulatedTask task, CancellationToken cancellationToken)
    {
        var imageName = task.ImageName
            ?? throw new InvalidOperationException($"Task {task.TaskId} of job {task.JobId} names no container image; cloud backends run every task in the package's image.");
        var image = await images.GetAsync(imageName, cancellationToken);
        var environment = new Dictionary<string, string>(task.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in CloudEnvironment)
            environment[name] = value;
        var result = await image.RunEntryPointAsync(environment, AttemptTimeout, cancellationToken: cancellationToken);
        var exitCode = result.TimedOut ? 137 : result.ExitCode;
        // What the container printed, for the emulator to serve as the service keeps it (task files, log streams, entries).
        task.Output.Write(TaskStream.StandardOutput, result.StandardOutput);
        task.Output.Write(TaskStream.StandardError, result.StandardError);
        _runs.Enqueue(new FleetRun(task.JobId, task.TaskId, task.Index, task.Attempt, exitCode, result));
        return exitCode;
    }

    /// <summary>Every attempt's output, for a failing assertion's message.</summary>
    public string Describe() => string.Join(
        Environment.NewLine,
        Runs.Select(r => $"job {r.JobId} task {r.TaskId} attempt {r.Attempt}: exit {r.ExitCode}{Environment.NewLine}{r.Result.Output.Trim()}"));
}

/// <summary>One attempt the fleet ran.</summary>
public sealed record FleetRun(string JobId, string TaskId, int? Index, int Attempt, int ExitCode, ProcessResult Result);

/// <summary>Pushed images pulled and unpacked once each, shared by the fleets of one test collection.</summary>
public sealed class UnpackedImages(string directory)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<PushedImage>>> _images = new(StringComparer.Ordinal);

    public Task<PushedImage> GetAsync(string imageReference, CancellationToken cancellationToken) =>
        _images.GetOrAdd(
                imageReference,
                reference => new Lazy<Task<PushedImage>>(() => PushedImage.UnpackAsync(
                    reference, Path.Combine(directory, $"image-{_images.Count}"), CancellationToken.None)))
            .Value.WaitAsync(cancellationToken);
}
