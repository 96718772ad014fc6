using static Experiments.Generator.Tests.Infrastructure.DiagnosticAssert;

namespace Experiments.Generator.Tests.Diagnostics;

/// <summary>EXP020–EXP025, EXP039–EXP041: parameters, their sources, and the size of the grid.</summary>
public sealed class ParameterDiagnosticsTests
{
    [Fact]
    public void ParameterWithoutSource() => Single(InClass("""
            [Experiment] public int Run(double [|alpha|]) => 1;
        """), "EXP020", "Parameter 'alpha' of type 'double' has no values; give it [Grid(...)], [Range(start, stop, step)] or [Replicates(n)] (only bool and enum parameters take all their values without an attribute)");

    [Fact]
    public void UnsupportedParameterType() => Single(InClass("""
            [Experiment] public int Run([|DateTime|] when) => 1;
        """), "EXP021", "Parameter 'when' has type 'System.DateTime', which cannot be an axis; axis types are bool, char, string, enums, sbyte, byte, short, ushort, int, uint, long, ulong, float, double and decimal, and ExperimentContext and CancellationToken parameters are injected");

    [Fact]
    public void NullableParameterType() => Single(InClass("""
            [Experiment] public int Run([Grid(1.0)] [|double?|] x) => 1;
        """), "EXP021", "Parameter 'x' has type 'double?', which cannot be an axis; axis types are bool, char, string, enums, sbyte, byte, short, ushort, int, uint, long, ulong, float, double and decimal, and ExperimentContext and CancellationToken parameters are injected");

    [Theory]
    [InlineData("ref", "ref")]
    [InlineData("out", "out")]
    [InlineData("in", "in")]
    public void ByReferenceParameter(string modifier, string shown) => Single(InClass($$"""
            [Experiment] public int Run([Grid(1)] [|{{modifier}}|] int n) { {{(modifier == "out" ? "n = 1; " : "")}}return 1; }
        """), "EXP022", $"Parameter 'n' is declared '{shown}'; experiment parameters must be plain by-value parameters (no ref, out, in, ref readonly or params)");

    [Fact]
    public void ParamsParameter() => Single(InClass("""
            [Experiment] public int Run([|params|] int[] values) => 1;
        """), "EXP022", "Parameter 'values' is declared 'params'; experiment parameters must be plain by-value parameters (no ref, out, in, ref readonly or params)");

    [Fact]
    public void TwoSources() => Single(InClass("""
            [Experiment] public int Run([Grid(1, 2)] [[|Range(0, 10, 1)|]] int n) => n;
        """), "EXP023", "Parameter 'n' has both [Grid] and [Range]; give each parameter exactly one of [Grid], [Range] and [Replicates]");

    [Fact]
    public void TwoContexts() => Single(InClass("""
            [Experiment] public int Run(ExperimentContext first, ExperimentContext [|second|]) => 1;
        """), "EXP024", "Parameter 'second' is a second ExperimentContext parameter; an experiment method may take at most one ExperimentContext");

    [Fact]
    public void TwoCancellationTokens() => Single(InClass("""
            [Experiment] public int Run(CancellationToken a, CancellationToken [|b|]) => 1;
        """), "EXP024", "Parameter 'b' is a second CancellationToken parameter; an experiment method may take at most one CancellationToken");

    [Fact]
    public void SourceOnInjectedParameter() => Single(InClass("""
            [Experiment] public int Run([[|Replicates(3)|]] ExperimentContext context) => 1;
        """), "EXP025", "Parameter 'context' of type ExperimentContext is injected for each point; remove [Replicates] from it");

    [Fact]
    public void AxisWithTooManyValues() => Single(InClass("""
            [Experiment] public int Run([[|Range(0, 10000000, 1)|]] int n) => n;
        """), "EXP039", "Parameter 'n' has 10,000,001 values; an axis may have at most 1,000,000");

    [Fact]
    public void TooManyReplicates() => Single(InClass("""
            [Experiment] public int Run([Replicates([|2000000|])] int r) => r;
        """), "EXP039", "Parameter 'r' has 2,000,000 values; an axis may have at most 1,000,000");

    [Fact]
    public void PointCountOverflowsLong() => Single(InClass("""
            [Experiment] public int [|Run|]([Replicates(10000)] int a, [Replicates(10000)] int b, [Replicates(10000)] int c,
                                       [Replicates(10000)] int d, [Replicates(10000)] int e) => a;
        """), "EXP040", "Experiment 'Run' has more points than a 64-bit count can hold (10000 × 10000 × 10000 × 10000 × 10000); reduce the number of values");

    [Fact]
    public void EnumWithoutMembers() => Single("""
        using Experiments;
        public enum Nothing { }
        public class Study
        {
            [Experiment] public int Run(Nothing [|choice|]) => 1;
        }
        """, "EXP041", "Parameter 'choice' is of enum type 'Nothing', which declares no members; give the enum members or the parameter a [Grid]");
}
