using Experiments.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static Experiments.Generator.Tests.Infrastructure.DiagnosticAssert;

namespace Experiments.Generator.Tests.Diagnostics;

/// <summary>EXP060 (a result only JsonSerializer can write) and EXP070 (a bad build property): warnings, so the
/// experiment is still generated and compiles.</summary>
public sealed class ResultAndOptionDiagnosticsTests
{
    [Fact]
    public void ObjectResultFallsBackToReflection()
    {
        var diagnostic = Single(InClass("""
                [Experiment] public [|object|] Run([Grid(1)] int n) => n;
            """), "EXP060", "The result of 'Run' contains 'object', which cannot be written without knowing its run-time type; it is serialized with System.Text.Json's JsonSerializer (reflection, not trim- or AOT-safe). Use a concrete class, record or struct to have it written statically.");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        var output = GeneratorHarness.Run(Parse(InClass("[Experiment] public object Run([Grid(1)] int n) => n;")).Source);
        Assert.Contains("Samples.Study.Run.Experiment.g.cs", output.Sources.Keys);
        Assert.Empty(output.CompilationProblems);
    }

    [Fact]
    public void InterfacePropertyFallsBackToReflection() => Single("""
        using System.Collections.Generic;
        using Experiments;
        public interface IShape { double Area { get; } }
        public record Report(string Name, IShape Shape, IEnumerable<int> Counts);
        public class Study
        {
            [Experiment] public [|Report|] Run() => new Report("x", null!, new[] { 1 });
        }
        """, "EXP060", "The result of 'Run' contains 'IShape' at 'shape', which cannot be written without knowing its run-time type; it is serialized with System.Text.Json's JsonSerializer (reflection, not trim- or AOT-safe). Use a concrete class, record or struct to have it written statically.");

    [Fact]
    public void InvalidDiscoveryLimit()
    {
        var output = GeneratorHarness.Run(InClass("[Experiment] public int Run() => 1;"), new Dictionary<string, string>
        {
            ["ProjectDir"] = GeneratorHarness.ProjectDir,
            ["ExperimentsDiscoveryLimit"] = "lots",
        });
        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("EXP070", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(Location.None, diagnostic.Location);
        Assert.Equal("ExperimentsDiscoveryLimit 'lots' is not a whole number of 0 or more; using the default, 1000", diagnostic.GetMessage());
        Assert.Contains("SetDiscoveryLimit(typeof(ExperimentsRegistration).Assembly, 1000);", output.Source("Experiments.Registry.g.cs"));
    }

    [Fact]
    public void PragmaSuppressesAWarning()
    {
        var output = GeneratorHarness.Run(InClass("""
                #pragma warning disable EXP060
                [Experiment] public object Run([Grid(1)] int n) => n;
                #pragma warning restore EXP060
            """));
        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.True(output.Compilation.GetDiagnostics(TestContext.Current.CancellationToken).All(d => d.Id != "EXP060"));
        // The diagnostic keeps its real location, so the compiler can apply the #pragma to it.
        Assert.True(diagnostic.Location.IsInSource);
    }
}
