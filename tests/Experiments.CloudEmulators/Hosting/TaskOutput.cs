namespace Experiments.CloudEmulators.Hosting;

/// <summary>Which stream a line of a task's output was written to.</summary>
public enum TaskStream
{
    StandardOutput,
    StandardError,
}

/// <summary>One line a task attempt printed, with when it was handed over (to order and timestamp log entries).</summary>
public sealed record TaskOutputLine(TaskStream Stream, string Text, DateTimeOffset At);

/// <summary>
/// What one task attempt printed, as the hook hands it over (<see cref="LocalTaskRunner"/> line by line, an image fleet
/// once the attempt ended). The emulators serve it as the service would: Azure Batch's task files stdout.txt and
/// stderr.txt, Google Cloud Logging's <c>batch_task_logs</c> entries, CloudWatch Logs streams for AWS Batch.
/// </summary>
public sealed class TaskOutput
{
    private readonly Lock _gate = new();
    private readonly List<TaskOutputLine> _lines = [];

    /// <summary>Adds <paramref name="text"/>, split into lines (a trailing newline does not make an empty line).</summary>
    public void Write(TaskStream stream, string? text)
    {
        if (string.IsNullOrEmpty(text))
            return;
        var now = DateTimeOffset.UtcNow;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        lock (_gate)
            _lines.AddRange(lines.Select(l => new TaskOutputLine(stream, l, now)));
    }

    /// <summary>Every line so far, in the order written.</summary>
    public IReadOnlyList<TaskOutputLine> Lines
    {
        get
        {
            lock (_gate)
                return _lines.ToArray();
        }
    }

    /// <summary>One stream's text, each line ending in a newline (the content of Azure's stdout.txt or stderr.txt).</summary>
    public string Text(TaskStream stream) =>
        string.Concat(Lines.Where(l => l.Stream == stream).Select(l => l.Text + "\n"));
}
