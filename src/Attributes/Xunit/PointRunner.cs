using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Experiments.Points;
using Experiments.Registry;
using Experiments.Schema;
using Experiments.Worker;

namespace Experiments.Xunit;

/// <summary>
/// Runs one point for the IDE view the way a worker runs it — through <see cref="PointAttempt"/>, the one
/// implementation both use, so a point gets the same verdict everywhere: the generated dispatcher, a real
/// <see cref="ExperimentContext"/> (derived seed, key, attempt 1, a token that fires at the experiment's timeout), the
/// worker's grace period, and a point that returns after its timeout fired counted as a timeout. It writes who the point
/// is, its log and its result JSON to the test output; an exception from the point fails the test with that exception.
/// </summary>
public static class PointRunner
{
    /// <summary>Runs the point with key <paramref name="pointKey"/>; returns the result JSON (null for no result).</summary>
    /// <param name="gracePeriod">How long a point may run on after its token fired; default: the worker's
    /// (a tenth of the timeout, between 1 and 30 s). A point that ignores it is abandoned, as xunit abandons its own
    /// timed-out tests, and the test fails.</param>
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
        var grace = gracePeriod ?? PointAttempt.DefaultGrace(timeout);
        var outcome = await PointAttempt.RunAsync(
            experiment,
            index,
            token => new ExperimentContext(descriptor.Name, pointKey, seed, attempt: 1, artifactsRoot, output, token),
            timeout,
            grace,
            grace,
            cancellationToken).ConfigureAwait(false);
        var json = Verdict(outcome, descriptor, pointKey, timeout, grace, cancellationToken);

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

    /// <summary>The test's view of the worker's outcome: the result JSON, or the exception the test fails with.</summary>
    private static string? Verdict(
        AttemptOutcome outcome, ExperimentDescriptor descriptor, string pointKey, TimeSpan? timeout, TimeSpan grace, CancellationToken runCancellation)
    {
        if (outcome.Status == PointStatus.Succeeded)
            return outcome.Result?.GetRawText();
        var error = outcome.Error!;
        switch (error.Kind)
        {
            case ErrorKind.Cancelled:
                runCancellation.ThrowIfCancellationRequested();
                throw new OperationCanceledException(error.Message);
            case ErrorKind.Timeout when outcome.Runaway:
                throw new ExperimentTimeoutException(
                    $"Point '{pointKey}' of {descriptor.Name} exceeded its timeout of {timeout:c} and did not stop within {grace.TotalSeconds:0.###} s of its cancellation token firing; it was abandoned. Pass context.CancellationToken (or a CancellationToken parameter) to long-running work so it can stop.");
            case ErrorKind.Timeout:
                throw new ExperimentTimeoutException(
                    $"Point '{pointKey}' of {descriptor.Name} exceeded its timeout of {timeout:c} and was cancelled.");
            default:
                if (outcome.Thrown is { } thrown)
                    ExceptionDispatchInfo.Throw(thrown);
                throw new InvalidOperationException($"Point '{pointKey}' of {descriptor.Name} failed: {error.Message}");
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
