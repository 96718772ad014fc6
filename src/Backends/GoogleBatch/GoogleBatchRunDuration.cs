using System.Globalization;

namespace Experiments.Backends.GoogleBatch;

/// <summary>
/// How long one attempt of a task may run (<c>maxRunDuration</c>): each point its timeout plus the worker's grace, plus
/// a margin for the VM's image pull and the app's start. Without a Timeout the task is not limited.
/// </summary>
public static class GoogleBatchRunDuration
{
    /// <summary>Image pull, start-up, uploading the last records.</summary>
    public static readonly TimeSpan TaskMargin = TimeSpan.FromMinutes(10);

    /// <summary>The worker's longest grace after a point's timeout before it gives up on the point (docs/internals.md).</summary>
    public static readonly TimeSpan PointGrace = TimeSpan.FromSeconds(30);

    public static TimeSpan? For(TimeSpan? timeout, int points)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        return timeout is { } perPoint ? (perPoint + PointGrace) * points + TaskMargin : null;
    }

    /// <summary>google-duration: whole seconds, rounded up, with an <c>s</c> (<c>"3630s"</c>).</summary>
    public static string Format(TimeSpan duration) =>
        ((long)Math.Ceiling(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";
}
