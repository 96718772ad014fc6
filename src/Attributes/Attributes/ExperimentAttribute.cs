using System.Runtime.CompilerServices;
using Experiments.Xunit;
using Xunit.v3;

namespace Experiments;

/// <summary>
/// Marks a method as an experiment: every combination of its parameters' values is one point. In the IDE and under
/// <c>dotnet test</c> it works like an xunit v3 theory whose points are test cases; <c>dotnet experiment run</c> runs
/// the sweep.
/// </summary>
/// <remarks>
/// It implements xunit's <see cref="IFactAttribute"/> rather than deriving from <c>TheoryAttribute</c>, for two reasons.
/// xunit builds the attribute by reflection and matches named arguments by property name, so a <c>string Timeout</c>
/// hiding the inherited <c>int Timeout</c> would be ambiguous and xunit would silently drop the attribute — and the
/// experiment with it. And xunit's analyzers would take the method for a theory without data (xUnit1003, an error) in
/// every user's project.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
[XunitTestCaseDiscoverer(typeof(ExperimentDiscoverer))]
public sealed class ExperimentAttribute : Attribute, IFactAttribute
{
    public ExperimentAttribute(
        [CallerFilePath] string? sourceFilePath = null,
        [CallerLineNumber] int sourceLineNumber = -1)
    {
        SourceFilePath = sourceFilePath;
        SourceLineNumber = sourceLineNumber < 1 ? null : sourceLineNumber;
    }

    /// <summary>The experiment's name; default <c>Namespace.Class.Method</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Longest time one point may run, as a TimeSpan text (<c>"00:05:00"</c>) or with a unit (<c>"90s"</c>, <c>"5m"</c>, <c>"2h"</c>).</summary>
    public string? Timeout { get; set; }

    /// <summary>How many times a failed point is tried again (so at most Retries + 1 attempts).</summary>
    public int Retries { get; set; }

    /// <summary>CPU cores one point needs.</summary>
    public int Cpus { get; set; } = 1;

    /// <summary>Memory one point needs, with a binary or decimal unit: <c>"512MiB"</c>, <c>"2GiB"</c>, <c>"4GB"</c>.</summary>
    public string? Memory { get; set; }

    /// <summary>GPUs one point needs.</summary>
    public int Gpus { get; set; }

    /// <summary>
    /// Whether a plain test run leaves the experiment's points out (default <c>true</c>: sweeps are expensive, so they
    /// run when asked for — from the IDE, or with <c>-explicit on</c>). Set <c>false</c> to run a cheap experiment in
    /// every test run.
    /// </summary>
    public bool Explicit { get; set; } = true;

    /// <summary>The name shown for the experiment's points in place of <c>Namespace.Class.Method</c>.</summary>
    public string? DisplayName { get; set; }

    /// <summary>When set, the experiment's test cases are skipped with this reason.</summary>
    public string? Skip { get; set; }

    /// <summary>Exception types that skip a point's test rather than fail it.</summary>
    public Type[]? SkipExceptions { get; set; }

    /// <summary>The type holding <see cref="SkipUnless"/> or <see cref="SkipWhen"/>.</summary>
    public Type? SkipType { get; set; }

    /// <summary>A public static bool property of <see cref="SkipType"/>: skip unless it is true.</summary>
    public string? SkipUnless { get; set; }

    /// <summary>A public static bool property of <see cref="SkipType"/>: skip when it is true.</summary>
    public string? SkipWhen { get; set; }

    public string? SourceFilePath { get; }

    public int? SourceLineNumber { get; }

    // The point's limit is Timeout above, enforced through ExperimentContext.CancellationToken as on every backend;
    // xunit's own millisecond timeout stays off.
    int IFactAttribute.Timeout => 0;

#if XUNIT4
    // Read by xunit 4.x only under its parallel mode "all"; points are independent, so they may run beside other tests.
    bool IFactAttribute.DisableParallelization => false;
#endif
}
