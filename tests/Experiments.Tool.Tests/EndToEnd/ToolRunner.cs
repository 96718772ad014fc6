using System.Diagnostics;
using Experiments.TestSupport;

namespace Experiments.Tool.Tests.EndToEnd;

/// <summary>Runs the built <c>dotnet-experiment</c> as a process in a fixture project, with the fixture's build environment.</summary>
public sealed class ToolRunner(FixtureProject project)
{
    /// <summary>The tool as built next to these tests (the project reference copies it with its deps and runtimeconfig).</summary>
    public static string ToolPath { get; } = Path.Combine(AppContext.BaseDirectory, "dotnet-experiment.dll");

    public Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(TimeSpan.FromMinutes(4), arguments);

    public Task<ProcessResult> RunAsync(TimeSpan timeout, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [ToolPath, .. arguments], project.ProjectDirectory, project.BuildEnvironment, timeout);

    /// <summary>Starts the tool without waiting (to kill it midway); its output is drained so it never blocks on a full pipe.</summary>
    public Process Start(params string[] arguments)
    {
        var process = new Process { StartInfo = ProcessRunner.StartInfo("dotnet", [ToolPath, .. arguments], project.ProjectDirectory, project.BuildEnvironment) };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
