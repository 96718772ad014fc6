using Experiments.Generator.Tests.Infrastructure;
using static Experiments.Generator.Tests.Infrastructure.DiagnosticAssert;

namespace Experiments.Generator.Tests.Diagnostics;

/// <summary>EXP001–EXP013: the experiment method and the class declaring it.</summary>
public sealed class MethodDiagnosticsTests
{
    [Fact]
    public void NonPublicMethod() => Single(InClass("""
            [Experiment] internal int [|Run|]() => 1;
        """), "EXP001", "Experiment method 'Run' is internal; an [Experiment] method must be public");

    [Fact]
    public void GenericMethod() => Single(InClass("""
            [Experiment] public int [|Run|]<T>() => 1;
        """), "EXP002", "Experiment method 'Run' is generic; an [Experiment] method cannot have type parameters, because every point must be callable without choosing types (make an axis of an enum instead)");

    [Fact]
    public void InternalClass() => Single("""
        using Experiments;
        internal class Hidden
        {
            [Experiment] public int [|Run|]() => 1;
        }
        """, "EXP003", "Experiment 'Run' is declared in 'Hidden', which is internal; the class of an [Experiment] method, and every class containing it, must be public");

    [Fact]
    public void NestedPrivateClass() => Single("""
        using Experiments;
        public class Outer
        {
            private class Inner
            {
                [Experiment] public int [|Run|]() => 1;
            }
        }
        """, "EXP003", "Experiment 'Run' is declared in 'Outer.Inner', which is private; the class of an [Experiment] method, and every class containing it, must be public");

    [Fact]
    public void GenericClass() => Single("""
        using Experiments;
        public class Generic<T>
        {
            [Experiment] public int [|Run|]() => 1;
        }
        """, "EXP004", "Experiment 'Run' is declared in generic type 'Generic<T>'; an [Experiment] method must be in a non-generic class (and not nested in a generic one)");

    [Fact]
    public void AbstractClass() => Single("""
        using Experiments;
        public abstract class Base
        {
            [Experiment] public int [|Run|]() => 1;
        }
        """, "EXP005", "Experiment 'Run' is declared in abstract class 'Base'; an [Experiment] method must be in a concrete class (a static class is fine)");

    [Fact]
    public void StaticClassWithStaticMethodIsFine()
    {
        var output = GeneratorHarness.Run("""
            using Experiments;
            public static class Tools
            {
                [Experiment] public static int Run([Grid(1, 2)] int n) => n;
            }
            """);
        Assert.Empty(output.Diagnostics);
        Assert.Empty(output.CompilationProblems);
        Assert.Contains("Tools.Run.Experiment.g.cs", output.Sources.Keys);
    }

    [Fact]
    public void Struct() => Single("""
        using Experiments;
        public struct Value
        {
            [Experiment] public int [|Run|]() => 1;
        }
        """, "EXP006", "Experiment 'Run' is declared in struct 'Value'; an [Experiment] method must be declared in a class");

    [Fact]
    public void NoParameterlessConstructor() => Single("""
        using Experiments;
        public class Configured
        {
            public Configured(int size) { }
            [Experiment] public int [|Run|]() => 1;
        }
        """, "EXP007", "Experiment 'Run' is an instance method, but 'Configured' has no public parameterless constructor to create it with; add one, or make the method static");

    [Fact]
    public void LocalFunction() => Single(InClass("""
            public void Outer()
            {
                [Experiment] int [|Inner|]() => 1;
                Inner();
            }
        """), "EXP008", "[Experiment] is on local function 'Inner'; it must be on an ordinary method declared in a class");

    [Fact]
    public void Lambda() => Single(InClass("""
            public Func<int> Make() => [|[Experiment] () => 1|];
        """), "EXP008", "[Experiment] is on a lambda; it must be on an ordinary method declared in a class");

    [Fact]
    public void AsyncVoid() => Single(InClass("""
            [Experiment] public async void [|Run|]() => await Task.Yield();
        """), "EXP009", "Experiment method 'Run' is async void, so its completion and exceptions cannot be observed; return Task or Task<T> instead");

    [Fact]
    public void DelegateResult() => Single(InClass("""
            [Experiment] public [|Func<int>|] Run() => () => 1;
        """), "EXP010", "Experiment method 'Run' returns 'System.Func<int>', which cannot be recorded: a delegate has no JSON form");

    [Fact]
    public void TaskOfTaskResult() => Single(InClass("""
            [Experiment] public [|Task<Task<int>>|] Run() => Task.FromResult(Task.FromResult(1));
        """), "EXP010", "Experiment method 'Run' returns 'System.Threading.Tasks.Task<System.Threading.Tasks.Task<int>>', which cannot be recorded: a task is not a value; await it and return its result");

    [Fact]
    public void NestedUnwritableResult() => Single("""
        using System;
        using Experiments;
        public record Holder(Action Callback);
        public class Study
        {
            [Experiment] public [|Holder|] Run() => new Holder(() => { });
        }
        """, "EXP010", "Experiment method 'Run' returns 'Holder', which cannot be recorded: it contains 'System.Action' (at 'callback'): a delegate has no JSON form");

    [Fact]
    public void RefReturn() => Single(InClass("""
            private int _value;
            [Experiment] public [|ref int|] Run() => ref _value;
        """), "EXP010", "Experiment method 'Run' returns 'int', which cannot be recorded: it returns by reference; return the value");

    [Fact]
    public void DuplicateNames()
    {
        var (source, spans) = Parse(InClass("""
                [Experiment(Name = [|"Same"|])] public int First() => 1;
                [Experiment(Name = [|"Same"|])] public int Second() => 2;
            """));
        var output = GeneratorHarness.Run(source);
        Assert.Equal(2, output.Diagnostics.Length);
        var ordered = output.Diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        const string message = "Experiment name 'Same' is used by 2 methods (Study.First(), Study.Second()); give each a different [Experiment(Name = \"...\")]";
        Check(ordered[0], source, spans[0], "EXP011", message);
        Check(ordered[1], source, spans[1], "EXP011", message);
        Assert.DoesNotContain(output.Sources.Keys, k => k.EndsWith(".Experiment.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void DefaultNamesOfOverloadsCollide()
    {
        var (source, spans) = Parse(InClass("""
                [Experiment] public int [|Run|]() => 1;
                [Experiment] public int [|Run|]([Grid(1)] int n) => n;
            """));
        var output = GeneratorHarness.Run(source);
        var ordered = output.Diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(2, ordered.Count);
        const string message = "Experiment name 'Samples.Study.Run' is used by 2 methods (Study.Run(), Study.Run(int)); give each a different [Experiment(Name = \"...\")]";
        Check(ordered[0], source, spans[0], "EXP011", message);
        Check(ordered[1], source, spans[1], "EXP011", message);
    }

    [Fact]
    public void InvalidName() => Single(InClass("""
            [Experiment(Name = [|"phase transition"|])] public int Run() => 1;
        """), "EXP012", "Experiment name 'phase transition' is not valid: it contains white space; a name is letters, digits, '.', '_' and '-', like 'Samples.PhaseTransition.Run'");

    [Fact]
    public void TwoClassesOfOneNameInOneFolderWouldShareAResultsFile()
    {
        var (source, spans) = Parse("""
            using Experiments;
            namespace Lab.A
            {
                public static class Sweeps { [Experiment] public static int [|Ints|]([Grid(1)] int n) => n; }
            }
            namespace Lab.B
            {
                public static class Sweeps { [Experiment] public static int [|Ints|]([Grid(2)] int n) => n; }
            }
            """);
        var output = GeneratorHarness.Run(source);
        var ordered = output.Diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(2, ordered.Count);
        Check(ordered[0], source, spans[0], "EXP013",
            "Experiment 'Lab.A.Sweeps.Ints' would write its results to 'Sweeps.Ints.results.json', as 'Lab.B.Sweeps.Ints' does, so each run would mark the other's points stale; move one method to a class of another name or to another folder");
        Check(ordered[1], source, spans[1], "EXP013",
            "Experiment 'Lab.B.Sweeps.Ints' would write its results to 'Sweeps.Ints.results.json', as 'Lab.A.Sweeps.Ints' does, so each run would mark the other's points stale; move one method to a class of another name or to another folder");
    }

    [Fact]
    public void ClassesOfOneNameInTwoFoldersEachHaveTheirOwnResultsFile()
    {
        var first = """
            using Experiments;
            namespace Lab.A { public static class Sweeps { [Experiment] public static int Ints([Grid(1)] int n) => n; } }
            """;
        var second = """
            using Experiments;
            namespace Lab.B { public static class Sweeps { [Experiment] public static int Ints([Grid(2)] int n) => n; } }
            """;
        var compilation = GeneratorHarness.Compilation(first, "A/Sweeps.cs").AddSyntaxTrees(
            GeneratorHarness.Parse(second, GeneratorHarness.ProjectDir + "B/Sweeps.cs"));

        var output = GeneratorHarness.Run(compilation);

        Assert.Empty(output.Diagnostics);
    }

    [Fact]
    public void SeveralProblemsAreAllReported()
    {
        var output = GeneratorHarness.Run(InClass("""
                [Experiment(Cpus = 0)] internal int Run<T>(double x) => 1;
            """));
        Assert.Equal(["EXP001", "EXP002", "EXP020", "EXP053"], output.Diagnostics.Select(d => d.Id).Order().ToArray());
    }

    [Fact]
    public void SyntaxErrorsInParametersAreLeftToTheCompiler()
    {
        var output = GeneratorHarness.Run(InClass("""
                [Experiment] public int Run([Grid(1, 2)] Range(0, 10, 1)] int n) => n;
            """));
        Assert.Empty(output.Diagnostics);
        Assert.Contains(output.Compilation.GetDiagnostics(TestContext.Current.CancellationToken), d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
    }
}
