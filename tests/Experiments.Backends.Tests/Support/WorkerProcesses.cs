using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Experiments.TestSupport;

namespace Experiments.Backends.Tests.Support;

/// <summary>Runs the Sweeps app as a worker, and finds worker processes that are still alive.</summary>
public static class WorkerProcesses
{
    public static Task<ProcessResult> RunAsync(SweepsApp app, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        ProcessRunner.RunAsync("dotnet", [app.AssemblyPath, .. arguments], app.OutputDirectory, environment, TimeSpan.FromMinutes(2));

    /// <summary>Starts a worker with redirected stdin/stdout/stderr, for tests that talk to it or signal it.</summary>
    public static Process Start(SweepsApp app, IEnumerable<string> arguments)
    {
        var process = new Process { StartInfo = ProcessRunner.StartInfo("dotnet", [app.AssemblyPath, .. arguments], app.OutputDirectory) };
        process.Start();
        return process;
    }

    /// <summary>Reads stdout lines until one satisfies <paramref name="match"/>; fails with what was read when the output ends first.</summary>
    public static async Task<string> ReadUntilAsync(Process process, Func<string, bool> match, TimeSpan? limit = null)
    {
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(60));
        var seen = new StringBuilder();
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.AppendLine(line);
            if (match(line))
                return line;
        }
        throw new global::Xunit.Sdk.XunitException($"The worker's output ended without the expected line:\n{seen}\nstderr:\n{await process.StandardError.ReadToEndAsync()}");
    }

    /// <summary>Sends SIGINT, as a terminal's Ctrl+C does to every process of its foreground group.</summary>
    public static void Interrupt(int processId) => Assert.Equal(0, Kill(processId, 2));

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Ids of live processes whose command line mentions <paramref name="text"/> (e.g. a run's store path).</summary>
    public static IReadOnlyList<int> Alive(string text)
    {
        var found = new List<int>();
        foreach (var directory in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
                continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                var state = File.ReadAllText(Path.Combine(directory, "stat"));
                var zombie = state.Length > state.LastIndexOf(')') + 2 && state[state.LastIndexOf(')') + 2] == 'Z';
                if (!zombie && commandLine.Contains(text, StringComparison.Ordinal))
                    found.Add(pid);
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }
}
