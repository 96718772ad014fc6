using Experiments.Worker;

namespace Experiments.Backends;

/// <summary>What one point attempt printed (stdout, stderr, <c>context.Log</c>), cut out of a worker's log.</summary>
/// <param name="Status">How the attempt ended (succeeded | failed); null when the log ends inside it (the worker died
/// or the point is still running).</param>
public sealed record PointOutput(string Experiment, string Key, int Task, int Attempt, string? Status, IReadOnlyList<string> Lines);

/// <summary>
/// Splits a worker's output into the sections each point attempt printed, using the markers the worker writes around
/// every attempt (<see cref="PointOutputMarker"/>). Lines outside any point — the worker protocol on stdout, the local
/// backend's process banners — are kept apart so they never pass for a point's output.
/// </summary>
public static class PointOutputSections
{
    public sealed record Split(IReadOnlyList<PointOutput> Points, IReadOnlyList<string> Outside);

    public static Split Of(string text)
    {
        var points = new List<PointOutput>();
        var outside = new List<string>();
        PointMarkerLine? open = null;
        var lines = new List<string>();
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n'))
        {
            var marker = PointOutputMarker.Parse(line);
            if (marker is null)
            {
                if (open is not null)
                    lines.Add(line);
                else if (line.Length > 0 && WorkerProtocol.Parse(line) is null)
                    outside.Add(line);
                continue;
            }
            if (open is not null && !(marker.IsEnd && SameAttempt(open, marker)))
                points.Add(Close(open, null, lines)); // a start with no end: the worker died inside that point
            if (marker.IsEnd)
            {
                if (open is not null && SameAttempt(open, marker))
                    points.Add(Close(open, marker.Status, lines));
                open = null;
            }
            else
            {
                open = marker;
            }
            lines = [];
        }
        if (open is not null)
            points.Add(Close(open, null, lines));
        return new Split(points, outside);
    }

    private static bool SameAttempt(PointMarkerLine a, PointMarkerLine b) =>
        a.Experiment == b.Experiment && a.Key == b.Key && a.Task == b.Task && a.Attempt == b.Attempt;

    private static PointOutput Close(PointMarkerLine start, string? status, List<string> lines) =>
        new(start.Experiment, start.Key, start.Task, start.Attempt, status, lines.ToArray());
}
