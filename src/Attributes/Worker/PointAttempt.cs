using System.Diagnostics;
using System.Text.Json;
using Experiments.Registry;
using Experiments.Schema;

namespace Experiments.Worker;

/// <summary>
/// Runs one attempt of one point: calls the generated dispatcher on a pool thread with a token that fires at the
/// timeout or on a stop request, then waits a grace period for the point to notice. A point that ends after its token
/// fired is a timeout (or a cancellation), whatever it returned: a result cut short is not a result. The one way a point
/// runs: workers record its outcome, the IDE's test case (<see cref="Xunit.PointRunner"/>) passes or fails with it.
/// </summary>
internal static class PointAttempt
{
    /// <summary>The longest a stopped point may take to notice before its worker gives up on it.</summary>
    public static readonly TimeSpan MaxStopGrace = TimeSpan.FromSeconds(3);

    /// <summary>A tenth of the timeout, between 1 and 30 seconds: long enough to unwind, short next to the timeout.</summary>
    public static TimeSpan DefaultGrace(TimeSpan? timeout) => timeout is { } t
        ? TimeSpan.FromTicks(Math.Clamp(t.Ticks / 10, TimeSpan.TicksPerSecond, 30 * TimeSpan.TicksPerSecond))
        : MaxStopGrace;

    public static async Task<AttemptOutcome> RunAsync(
        GeneratedExperiment experiment,
        long index,
        Func<CancellationToken, ExperimentContext> contextFor,
        TimeSpan? timeout,
        TimeSpan timeoutGrace,
        TimeSpan stopGrace,
        CancellationToken stop)
    {
        using var point = CancellationTokenSource.CreateLinkedTokenSource(stop);
        if (timeout is { } limit)
            point.CancelAfter(limit);
        var clock = Stopwatch.StartNew();
        var context = contextFor(point.Token);
        var invocation = Task.Run(async () => await experiment.InvokeAsync(index, context).ConfigureAwait(false), CancellationToken.None);

        var signalled = Task.Delay(Timeout.Infinite, point.Token);
        var first = await Task.WhenAny(invocation, signalled).ConfigureAwait(false);
        var tokenFiredFirst = first != invocation || point.IsCancellationRequested;
        if (first != invocation && !await EndsWithinGraceAsync(invocation, timeoutGrace, stopGrace, stop).ConfigureAwait(false))
        {
            var grace = stop.IsCancellationRequested ? stopGrace : timeoutGrace;
            return new AttemptOutcome(PointStatus.Failed, null, StopError(stop, timeout, overranGrace: grace), clock.Elapsed, Runaway: true);
        }
        var duration = clock.Elapsed;
        if (tokenFiredFirst)
            return new AttemptOutcome(PointStatus.Failed, null, StopError(stop, timeout, overranGrace: null), duration);
        if (invocation.IsFaulted)
        {
            var thrown = invocation.Exception!.InnerExceptions.Count == 1 ? invocation.Exception.InnerExceptions[0] : invocation.Exception;
            return new AttemptOutcome(PointStatus.Failed, null, ExceptionError(thrown), duration, Thrown: thrown);
        }
        if (invocation.IsCanceled)
        {
            return new AttemptOutcome(PointStatus.Failed, null,
                new PointError(ErrorKind.Exception, typeof(TaskCanceledException).FullName, "The experiment's task was cancelled though neither its timeout nor a stop request fired."),
                duration);
        }
        return ResultOutcome(invocation.Result, duration);
    }

    /// <summary>
    /// Waits for a point whose token fired to return: the timeout grace after a timeout, but no longer than the (shorter)
    /// stop grace once a stop request comes in, since whoever stops the worker kills it soon after.
    /// </summary>
    private static async Task<bool> EndsWithinGraceAsync(Task invocation, TimeSpan timeoutGrace, TimeSpan stopGrace, CancellationToken stop)
    {
        if (!stop.IsCancellationRequested)
        {
            var graceOver = Task.Delay(timeoutGrace, stop);
            if (await Task.WhenAny(invocation, graceOver).ConfigureAwait(false) == invocation)
                return true;
            if (!stop.IsCancellationRequested)
                return false;
        }
        return await Task.WhenAny(invocation, Task.Delay(stopGrace, CancellationToken.None)).ConfigureAwait(false) == invocation;
    }

    private static AttemptOutcome ResultOutcome(string? json, TimeSpan duration)
    {
        if (json is null)
            return new AttemptOutcome(PointStatus.Succeeded, null, null, duration);
        try
        {
            using var document = JsonDocument.Parse(json);
            return new AttemptOutcome(PointStatus.Succeeded, document.RootElement.Clone(), null, duration);
        }
        catch (JsonException e)
        {
            return new AttemptOutcome(PointStatus.Failed, null,
                new PointError(ErrorKind.Exception, e.GetType().FullName, $"The experiment returned, but its result is not valid JSON: {e.Message}", json),
                duration);
        }
    }

    /// <param name="overranGrace">The grace period the point did not return within; null when it did return.</param>
    private static PointError StopError(CancellationToken stop, TimeSpan? timeout, TimeSpan? overranGrace)
    {
        var after = overranGrace is { } grace ? $" and did not stop within {Seconds(grace)} after that; the worker exits to end it" : "";
        return stop.IsCancellationRequested
            ? new PointError(ErrorKind.Cancelled, null, $"The run was stopped while this point ran{after}.")
            : new PointError(ErrorKind.Timeout, null, $"The point ran past its timeout of {Seconds(timeout!.Value)}{after}.");
    }

    private static PointError ExceptionError(Exception exception) =>
        new(ErrorKind.Exception, exception.GetType().FullName, exception.Message, exception.ToString());

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
