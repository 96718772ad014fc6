using System.Globalization;
using Experiments.Schema;

namespace Experiments.Worker;

/// <summary>
/// The lines a worker prints on stdout, one event per line, so a controller (the local backend) knows which point a
/// worker is in when it dies and when it may send more work. Records themselves go to the store; these lines are
/// notices. User code's Console.Out goes to stderr in worker mode, so nothing else reaches stdout through Console.
/// <code>
/// ready                                      plan read and checked; send task numbers
/// started {task} {index} {attempt}           a point attempt begins (its started record is written)
/// record {task} {index} {attempt} {status}   its final record is written (status: succeeded | failed)
/// done {task}                                every point of the task has ended
/// error {message}                            the worker cannot go on (it exits non-zero)
/// </code>
/// </summary>
public static class WorkerProtocol
{
    public static string Ready() => "ready";

    public static string Started(int task, long index, int attempt) => FormattableString.Invariant($"started {task} {index} {attempt}");

    public static string Recorded(int task, long index, int attempt, PointStatus status) =>
        FormattableString.Invariant($"record {task} {index} {attempt} {PointRecordJson.StatusText(status)}");

    public static string Done(int task) => FormattableString.Invariant($"done {task}");

    /// <summary>An error line: the message on one line.</summary>
    public static string Error(string message) => "error " + message.ReplaceLineEndings(" ");

    /// <summary>
    /// Whether a line is a notice (<c>started</c>, <c>record</c>) that a controller needs only eventually — crashes are
    /// pinned by the records in the store — so a worker may send it in a batch. Every other line goes out at once.
    /// </summary>
    public static bool IsNotice(string line) =>
        line.StartsWith("started ", StringComparison.Ordinal) || line.StartsWith("record ", StringComparison.Ordinal);

    /// <summary>Reads a protocol line; null for anything else (stray output is not an event).</summary>
    public static WorkerEvent? Parse(string line)
    {
        var parts = line.Split(' ', 2);
        var rest = parts.Length > 1 ? parts[1] : "";
        switch (parts[0])
        {
            case "ready" when rest.Length == 0:
                return new WorkerEvent(WorkerEventKind.Ready, -1, -1, 0, null, null);
            case "error":
                return new WorkerEvent(WorkerEventKind.Error, -1, -1, 0, null, rest);
            case "done" when TryInt(rest, out var doneTask):
                return new WorkerEvent(WorkerEventKind.Done, doneTask, -1, 0, null, null);
            case "started":
            {
                var f = rest.Split(' ');
                return f.Length == 3 && TryInt(f[0], out var task) && TryLong(f[1], out var index) && TryInt(f[2], out var attempt)
                    ? new WorkerEvent(WorkerEventKind.Started, task, index, attempt, null, null)
                    : null;
            }
            case "record":
            {
                var f = rest.Split(' ');
                return f.Length == 4 && TryInt(f[0], out var task) && TryLong(f[1], out var index) && TryInt(f[2], out var attempt)
                       && f[3] is "succeeded" or "failed"
                    ? new WorkerEvent(WorkerEventKind.Recorded, task, index, attempt,
                        f[3] == "succeeded" ? PointStatus.Succeeded : PointStatus.Failed, null)
                    : null;
            }
            default:
                return null;
        }
    }

    private static bool TryInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool TryLong(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}

public enum WorkerEventKind
{
    Ready,
    Started,
    Recorded,
    Done,
    Error,
}

/// <summary>One parsed protocol line. Fields that a kind does not carry are -1 / 0 / null.</summary>
public sealed record WorkerEvent(WorkerEventKind Kind, int Task, long Index, int Attempt, PointStatus? Status, string? Message);
