using System.Diagnostics;
using Experiments.TestSupport;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>Runs the built <c>dotnet-experiment</c> as a process in a fixture project, with the fixture's build environment.</summary>
public sealed class ToolRunner(FixtureProject project, IReadOnlyDictionary<string, string?>? extraEnvironment = null)
{
    /// <summary>The tool as built next to these tests (the project reference copies it with its deps and runtimeconfig).</summary>
    public static string ToolPath { get; } = Path.Combine(AppContext.BaseDirectory, "dotnet-experiment.dll");

    public Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(TimeSpan.FromMinutes(4), arguments);

    public Task<ProcessResult> RunAsync(TimeSpan timeout, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [ToolPath, .. arguments], project.ProjectDirectory, Environment, timeout);

    /// <summary>Starts the tool without waiting (to stop or kill it midway), collecting its output as it comes.</summary>
    public RunningTool Start(params string[] arguments) =>
        new(ProcessRunner.StartInfo("dotnet", [ToolPath, .. arguments], project.ProjectDirectory, Environment));

    /// <summary>
    /// Starts the tool as a terminal does: in a process group of its own (setsid), which its workers join, so a signal
    /// sent to the group (<see cref="RunningTool.SignalGroup"/>) reaches them all, as Ctrl+C does.
    /// </summary>
    public RunningTool StartInOwnProcessGroup(params string[] arguments) =>
        new(ProcessRunner.StartInfo("setsid", ["dotnet", ToolPath, .. arguments], project.ProjectDirectory, Environment));

    /// <summary>The same tool with more environment (a PATH with an ssh wrapper, say).</summary>
    public ToolRunner With(IReadOnlyDictionary<string, string?> environment) => new(project, environment);

    private IReadOnlyDictionary<string, string?> Environment =>
        extraEnvironment is null
            ? project.BuildEnvironment
            : project.BuildEnvironment.Concat(extraEnvironment).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
}

/// <summary>A tool process started by <see cref="ToolRunner.Start"/>.</summary>
public sealed class RunningTool : IDisposable
{
    private readonly System.Text.StringBuilder _output = new();

    public RunningTool(ProcessStartInfo startInfo)
    {
        Process = new Process { StartInfo = startInfo };
        Process.OutputDataReceived += (_, e) => Append(e.Data);
        Process.ErrorDataReceived += (_, e) => Append(e.Data);
        Process.Start();
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public Process Process { get; }

    /// <summary>Standard output and error so far, interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Sends SIGTERM, as a service manager or <c>kill</c> would: the tool should stop gracefully.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>
    /// Sends a signal to the tool's whole process group (started with <see cref="ToolRunner.StartInOwnProcessGroup"/>):
    /// "INT" is what Ctrl+C in a terminal does.
    /// </summary>
    public void SignalGroup(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", "--", $"-{Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}"]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!Process.HasExited)
            Process.Kill(entireProcessTree: true);
        Process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
