using System.Diagnostics;
using System.Text;

namespace Experiments.CloudEmulators.Hosting;

/// <summary>
/// A hook that runs each emulated task as a local process (<see cref="EmulatedTask.Arguments"/> with the task's
/// environment added to this process's), ignoring any container image: the usual compute fleet of a backend test. What
/// it prints goes to <see cref="EmulatedTask.Output"/>.
/// </summary>
public static class LocalTaskRunner
{
    /// <summary>Runs the task in <paramref name="workingDirectory"/> (default: the current directory).</summary>
    public static Func<EmulatedTask, CancellationToken, Task<int>> InDirectory(string? workingDirectory) =>
        (task, cancellationToken) => RunAsync(task, workingDirectory, cancellationToken);

    /// <summary>Runs the task and returns its exit code; cancelling kills the process tree.</summary>
    public static async Task<int> RunAsync(EmulatedTask task, string? workingDirectory, CancellationToken cancellationToken)
    {
        if (task.Arguments.Count == 0)
            throw new ArgumentException($"Task {task.TaskId} has no command to run.", nameof(task));
        var start = new ProcessStartInfo(task.Arguments[0])
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in task.Arguments.Skip(1))
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in task.Environment)
            start.Environment[name] = value;
        using var process = new Process { StartInfo = start };
        // Each line goes to the task's output as it comes, as a node's log agent would collect it.
        process.OutputDataReceived += (_, e) => task.Output.Write(TaskStream.StandardOutput, e.Data);
        process.ErrorDataReceived += (_, e) => task.Output.Write(TaskStream.StandardError, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return process.ExitCode;
    }

    /// <summary>Splits a command line the way a POSIX shell would split words: whitespace separates, single quotes
    /// keep text literally, double quotes and backslashes escape. No expansion happens.</summary>
    public static IReadOnlyList<string> SplitCommandLine(string commandLine)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            switch (c)
            {
                case ' ' or '\t' or '\n':
                    if (inWord)
                        words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                    break;
                case '\'':
                    var close = commandLine.IndexOf('\'', i + 1);
                    if (close < 0)
                        throw new FormatException($"Unclosed single quote at {i} in: {commandLine}");
                    word.Append(commandLine, i + 1, close - i - 1);
                    i = close;
                    inWord = true;
                    break;
                case '"':
                    for (i++; i < commandLine.Length && commandLine[i] != '"'; i++)
                        word.Append(commandLine[i] == '\\' && i + 1 < commandLine.Length && commandLine[i + 1] is '"' or '\\' ? commandLine[++i] : commandLine[i]);
                    if (i >= commandLine.Length)
                        throw new FormatException($"Unclosed double quote in: {commandLine}");
                    inWord = true;
                    break;
                case '\\' when i + 1 < commandLine.Length:
                    word.Append(commandLine[++i]);
                    inWord = true;
                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }
        if (inWord)
            words.Add(word.ToString());
        return words;
    }
}
