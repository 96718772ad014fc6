using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Experiments.Points;
using Experiments.Registry;

namespace Experiments.Xunit;

/// <summary>
/// Runs one point for the IDE view the way a worker runs it: through the generated dispatcher, with a real
/// <see cref="ExperimentContext"/> (derived seed, key, attempt 1, a token that fires at the experiment's timeout), and
/// writes who the point is, its log and its result JSON to the test output. Exceptions from the point propagate, so
/// the test fails with them.
/// </summary>
public static class PointRunner
{
    /// <summary>How long a point may keep running after its token fired before the test is failed without it.</summary>
    /// <remarks>A point that honours its token returns well within this; one that ignores it cannot be stopped, so the
    /// test is failed and the point is left to finish in the background, as xunit does with its own timeouts.</remarks>
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>Runs the point with key <paramref name="pointKey"/>; returns the result JSON (null for no result).</summary>
    public static async Task<string?> RunAsync(
        GeneratedExperiment experiment,
        string pointKey,
        TextWriter output,
        string artifactsRoot,
        CancellationToken cancellationToken,
        TimeSpan? gracePeriod = null)
    {
        var descriptor = experiment.Descriptor;
        var index = descriptor.TryIndexOf(pointKey) ?? throw new PointNotRunnableException(
            $"Point '{pointKey}' is not in the grid of experiment '{descriptor.Name}' any more: the grid changed after the tests were listed. Rebuild and refresh the test list.");
        var seed = Seeds.Derive(descriptor.Name, pointKey);
        output.WriteLine($"Experiment: {descriptor.Name}");
        output.WriteLine($"Point: {pointKey} (index {index} of {descriptor.PointCount})");
        output.WriteLine($"Seed: {seed}");

        // A developer stepping through a point in the debugger must not have it cancelled under them (xunit drops its own
        // timeouts under a debugger for the same reason).
        var timeout = Debugger.IsAttached ? null : descriptor.Resources.Timeout;
        using var pointCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit)
            pointCancellation.CancelAfter(limit);
        var context = new ExperimentContext(descriptor.Name, pointKey, seed, attempt: 1, artifactsRoot, output, pointCancellation.Token);

        // On the thread pool, so that a method that blocks synchronously cannot keep the timeout from being enforced.
        var invocation = Task.Run(() => experiment.InvokeAsync(index, context).AsTask(), CancellationToken.None);
        var json = await AwaitWithinTimeout(invocation, descriptor, pointKey, timeout, gracePeriod ?? DefaultGracePeriod, pointCancellation, cancellationToken);

        output.WriteLine(json is null ? "Result: none (the method returns no value)" : "Result:");
        if (json is not null)
            output.WriteLine(Indented(json));
        var artifacts = Path.Combine(artifactsRoot, ExperimentContext.ArtifactsFolderName(pointKey));
        if (Directory.Exists(artifacts))
            output.WriteLine($"Artifacts: {artifacts}");
        return json;
    }

    /// <summary>The folder under the test output directory where a test run's points keep their artifacts.</summary>
    public static string ArtifactsRootFor(GeneratedExperiment experiment)
    {
        var location = experiment.GetType().Assembly.Location;
        var outputDirectory = string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location)!;
        var invalid = Path.GetInvalidFileNameChars();
        var folder = string.Concat(experiment.Descriptor.Name.Select(c => Array.IndexOf(invalid, c) >= 0 ? '_' : c));
        return Path.Combine(outputDirectory, "experiment-artifacts", folder);
    }

    private static async Task<string?> AwaitWithinTimeout(
        Task<string?> invocation,
        ExperimentDescriptor descriptor,
        string pointKey,
        TimeSpan? timeout,
        TimeSpan gracePeriod,
        CancellationTokenSource pointCancellation,
        CancellationToken runCancellation)
    {
        if (timeout is not { } limit)
            return await invocation;
        try
        {
            return await invocation.WaitAsync(limit + gracePeriod, CancellationToken.None);
        }
        catch (TimeoutException) when (!invocation.IsCompleted)
        {
            throw new ExperimentTimeoutException(
                $"Point '{pointKey}' of {descriptor.Name} exceeded its timeout of {limit:c} and did not stop within {gracePeriod.TotalSeconds:0.#} s of its cancellation token firing; it was abandoned. Pass context.CancellationToken (or a CancellationToken parameter) to long-running work so it can stop.");
        }
        catch (OperationCanceledException e) when (pointCancellation.IsCancellationRequested && !runCancellation.IsCancellationRequested)
        {
            throw new ExperimentTimeoutException(
                $"Point '{pointKey}' of {descriptor.Name} exceeded its timeout of {limit:c} and was cancelled.", e);
        }
    }

    private static string Indented(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, IndentedOptions))
                document.WriteTo(writer);
            return Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (JsonException)
        {
            return json; // show whatever the dispatcher wrote rather than hide it behind a formatting error
        }
    }

    // Relaxed escaping: the output is read by people, and "\u00E9" for é would only get in their way.
    private static readonly JsonWriterOptions IndentedOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
