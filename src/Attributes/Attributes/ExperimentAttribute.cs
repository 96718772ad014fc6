using System.Runtime.CompilerServices;
using Experiments.Xunit;
using Xunit;
using Xunit.v3;

namespace Experiments;

/// <summary>
/// Marks a method as an experiment: every combination of its parameters' values is one point. In the IDE and under
/// <c>dotnet test</c> it is an xunit v3 theory whose points are test cases; <c>dotnet experiment run</c> runs the sweep.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
[XunitTestCaseDiscoverer(typeof(ExperimentDiscoverer))]
public sealed class ExperimentAttribute : TheoryAttribute
{
    public ExperimentAttribute(
        [CallerFilePath] string? sourceFilePath = null,
        [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        // Sweeps are expensive: a plain `dotnet test` must not start one unless the experiment opts in.
        Explicit = true;
    }

    /// <summary>The experiment's name; default <c>Namespace.Class.Method</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Longest time one point may run, as a TimeSpan text (<c>"00:05:00"</c>) or with a unit (<c>"90s"</c>, <c>"5m"</c>, <c>"2h"</c>).</summary>
    public new string? Timeout { get; set; }

    /// <summary>How many times a failed point is tried again (so at most Retries + 1 attempts).</summary>
    public int Retries { get; set; }

    /// <summary>CPU cores one point needs.</summary>
    public int Cpus { get; set; } = 1;

    /// <summary>Memory one point needs, with a binary or decimal unit: <c>"512MiB"</c>, <c>"2GiB"</c>, <c>"4GB"</c>.</summary>
    public string? Memory { get; set; }

    /// <summary>GPUs one point needs.</summary>
    public int Gpus { get; set; }
}
