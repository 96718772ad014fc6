using static Experiments.Generator.Tests.Infrastructure.DiagnosticAssert;

namespace Experiments.Generator.Tests.Diagnostics;

/// <summary>EXP026–EXP038, EXP042: the values of [Grid], [Range] and [Replicates].</summary>
public sealed class ValueDiagnosticsTests
{
    [Fact]
    public void StringOnDouble() => Single(InClass("""
            [Experiment] public int Run([Grid(0.5, [|"x"|])] double rho) => 1;
        """), "EXP026", "Grid value \"x\" (string) cannot be a value of parameter 'rho' of type 'double': a string is not a number");

    [Fact]
    public void FractionOnInt() => Single(InClass("""
            [Experiment] public int Run([Grid(1, [|1.5|])] int n) => n;
        """), "EXP026", "Grid value 1.5 (double) cannot be a value of parameter 'n' of type 'int': a double does not narrow to int; write a whole number like 1");

    [Fact]
    public void LongOnInt() => Single(InClass("""
            [Experiment] public int Run([Grid([|3L|])] int n) => n;
        """), "EXP026", "Grid value 3L (long) cannot be a value of parameter 'n' of type 'int': a long does not convert implicitly to int (it would narrow)");

    [Fact]
    public void IntOutOfByteRange() => Single(InClass("""
            [Experiment] public int Run([Grid(1, [|256|])] byte b) => b;
        """), "EXP026", "Grid value 256 (int) cannot be a value of parameter 'b' of type 'byte': it is outside the range of byte (0 to 255)");

    [Fact]
    public void DoubleOnFloat() => Single(InClass("""
            [Experiment] public int Run([Grid([|0.1|])] float f) => 1;
        """), "EXP026", "Grid value 0.1 (double) cannot be a value of parameter 'f' of type 'float': a double does not narrow to float; write a float literal like 0.1f");

    [Fact]
    public void IntNotExactlyFloat() => Single(InClass("""
            [Experiment] public int Run([Grid([|16777217|])] float f) => 1;
        """), "EXP026", "Grid value 16777217 (int) cannot be a value of parameter 'f' of type 'float': it cannot be represented exactly as a float");

    [Fact]
    public void DoubleWithoutExactDecimal() => Single(InClass("""
            [Experiment] public int Run([Grid([|1e-30|])] decimal m) => 1;
        """), "EXP026", "Grid value 1e-30 (double) cannot be a value of parameter 'm' of type 'decimal': it has no exact decimal value (decimal holds at most 28 decimal places)");

    [Fact]
    public void IntOnEnum() => Single(InClass("""
            [Experiment] public int Run([Grid([|1|])] Solver solver) => 1;
        """), "EXP026", "Grid value 1 (int) cannot be a value of parameter 'solver' of type 'Samples.Solver': write a member of Solver, like Solver.Omp");

    [Fact]
    public void CharOnString() => Single(InClass("""
            [Experiment] public int Run([Grid([|'a'|])] string s) => 1;
        """), "EXP026", "Grid value 'a' (char) cannot be a value of parameter 's' of type 'string': write a string in double quotes, like \"a\"");

    [Fact]
    public void EmptyGrid() => Single(InClass("""
            [Experiment] public int Run([[|Grid()|]] double x) => 1;
        """), "EXP027", "[Grid] on parameter 'x' has no values; list at least one, e.g. [Grid(0.1, 0.2)]");

    [Fact]
    public void DuplicateValue() => Single(InClass("""
            [Experiment] public int Run([Grid(1, 2, [|1|])] int n) => n;
        """), "EXP028", "Grid value 1 of parameter 'n' is listed more than once (as 1); each value of an axis must be distinct, because a point is identified by its values");

    [Fact]
    public void DuplicateValueAfterWidening() => Single(InClass("""
            [Experiment] public int Run([Grid(2, [|2.0|])] double x) => 1;
        """), "EXP028", "Grid value 2.0 of parameter 'x' is listed more than once (as 2); each value of an axis must be distinct, because a point is identified by its values");

    [Fact]
    public void NullValue() => Single(InClass("""
            [Experiment] public int Run([Grid("a", [|null|])] string s) => 1;
        """), "EXP029", "Grid value null of parameter 's' is not valid: null is not an axis value; list constants of the parameter's type");

    [Fact]
    public void ArrayValue() => Single(InClass("""
            [Experiment] public int Run([Grid([|new[] { 1, 2 }|])] int n) => n;
        """), "EXP029", "Grid value new[] { 1, 2 } of parameter 'n' is not valid: an array is not an axis value; list the values as separate arguments, like [Grid(1, 2, 3)]");

    [Fact]
    public void TypeValue() => Single(InClass("""
            [Experiment] public int Run([Grid([|typeof(int)|])] int n) => n;
        """), "EXP029", "Grid value typeof(int) of parameter 'n' is not valid: a type is not an axis value");

    [Fact]
    public void NaNValue() => Single(InClass("""
            [Experiment] public int Run([Grid(1.0, [|double.NaN|])] double x) => 1;
        """), "EXP030", "Grid value double.NaN of parameter 'x' is not a finite number; NaN and infinities cannot be axis values");

    [Fact]
    public void UndeclaredEnumValue() => Single(InClass("""
            [Experiment] public int Run([Grid(Solver.Omp, [|(Solver)7|])] Solver solver) => 1;
        """), "EXP031", "Grid value (Solver)7 of parameter 'solver' is not a declared member of enum 'Samples.Solver'; use one of its members (Omp, Ista)");

    [Fact]
    public void RangeOnFloat() => Single(InClass("""
            [Experiment] public int Run([[|Range(0, 10, 1)|]] float f) => 1;
        """), "EXP032", "[Range] is on parameter 'f' of type 'float'; a Range works on int, long, double and decimal parameters (use [Grid] for other types)");

    [Fact]
    public void RangeOnString() => Single(InClass("""
            [Experiment] public int Run([[|Range(0, 10, 1)|]] string s) => 1;
        """), "EXP032", "[Range] is on parameter 's' of type 'string'; a Range works on int, long, double and decimal parameters (use [Grid] for other types)");

    [Fact]
    public void ZeroStep() => Single(InClass("""
            [Experiment] public int Run([Range(0, 10, [|0|])] int n) => n;
        """), "EXP033", "[Range] on parameter 'n' has step 0, which never reaches the stop; use a non-zero step");

    [Fact]
    public void WrongDirection() => Single(InClass("""
            [Experiment] public int Run([Range(0.0, 1.0, [|-0.1|])] double x) => 1;
        """), "EXP034", "[Range] on parameter 'x' goes from 0 to 1 with step -0.1, which moves away from the stop; use a positive step");

    [Fact]
    public void NamedArgumentsAreLocated() => Single(InClass("""
            [Experiment] public int Run([Range(step: [|1|], start: 10, stop: 0)] int n) => n;
        """), "EXP034", "[Range] on parameter 'n' goes from 10 to 0 with step 1, which moves away from the stop; use a negative step");

    [Fact]
    public void InfiniteStop() => Single(InClass("""
            [Experiment] public int Run([Range(0.0, [|double.PositiveInfinity|], 1.0)] double x) => 1;
        """), "EXP035", "[Range] stop of parameter 'x' is Infinity; start, stop and step must be finite numbers");

    [Fact]
    public void NaNStep() => Single(InClass("""
            [Experiment] public int Run([Range(0.0, 1.0, [|double.NaN|])] double x) => 1;
        """), "EXP035", "[Range] step of parameter 'x' is NaN; start, stop and step must be finite numbers");

    [Fact]
    public void DoubleRangeOnInt() => Single(InClass("""
            [Experiment] public int Run([[|Range(0.0, 1.0, 0.25)|]] int n) => n;
        """), "EXP036", "[Range] on parameter 'n' of type 'int' has double start, stop and step, which would narrow to int; write int bounds, like [Range(0, 10, 1)]");

    [Fact]
    public void LongRangeOnInt() => Single(InClass("""
            [Experiment] public int Run([[|Range(0L, 10L, 1L)|]] int n) => n;
        """), "EXP036", "[Range] on parameter 'n' of type 'int' has long start, stop and step, which would narrow to int; write int bounds, like [Range(0, 10, 1)]");

    [Fact]
    public void ReplicatesOnLong() => Single(InClass("""
            [Experiment] public int Run([[|Replicates(3)|]] long r) => 1;
        """), "EXP037", "[Replicates] is on parameter 'r' of type 'long'; it must be on an int parameter (it takes 0 … n − 1)");

    [Fact]
    public void ReplicatesOnUnsupportedType() => Single(InClass("""
            [Experiment] public int Run([[|Replicates(3)|]] object r) => 1;
        """), "EXP037", "[Replicates] is on parameter 'r' of type 'object'; it must be on an int parameter (it takes 0 … n − 1)");

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    public void ReplicatesNotPositive(string count) => Single(InClass($$"""
            [Experiment] public int Run([Replicates([|{{count}}|])] int r) => r;
        """), "EXP038", $"[Replicates({count})] on parameter 'r' must have a count of at least 1");

    [Fact]
    public void RangeOutsideDecimal() => Single(InClass("""
            [Experiment] public int Run([Range(0.0, [|1e300|], 1.0)] double x) => 1;
        """), "EXP042", "[Range] on parameter 'x' cannot be computed exactly: stop 1E+300: it is outside decimal's range (about ±7.9E+28)");

    [Fact]
    public void RangeStepBelowDoublePrecision() => Single(InClass("""
            [Experiment] public int Run([[|Range(1e15, 1.000000000000001e15, 0.01)|]] double x) => 1;
        """), "EXP042", "[Range] on parameter 'x' cannot be computed exactly: two of its values are the same double, 1000000000000000; the step is below double's precision there");
}
