using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Experiments.Generator.Tests.Infrastructure;

/// <summary>
/// Compiles C# source with the experiments generator, against the real Experiments assembly and the runtime this test
/// process runs on, and hands back everything a test looks at: generated files, diagnostics, the output compilation.
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>Where test sources live, as MSBuild would give the project directory.</summary>
    public const string ProjectDir = "/src/Samples/";

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    /// <summary>The framework, Experiments and xunit assemblies of this test process.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static CSharpCompilation Compilation(
        string source, string fileName = "Experiment.cs", OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary,
        string assemblyName = "Samples", params string[] extraSources)
    {
        var trees = new[] { Parse(source, ProjectDir + fileName) }
            .Concat(extraSources.Select((s, i) => Parse(s, ProjectDir + $"Extra{i}.cs")));
        return CSharpCompilation.Create(
            assemblyName,
            trees,
            References,
            new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));
    }

    public static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    public static GeneratorDriver Driver(IReadOnlyDictionary<string, string>? buildProperties = null, bool trackSteps = false)
    {
        var properties = buildProperties ?? new Dictionary<string, string> { ["ProjectDir"] = ProjectDir };
        return CSharpGeneratorDriver.Create(
            new[] { new ExperimentsGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            optionsProvider: new TestConfigOptionsProvider(properties),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));
    }

    public static GeneratorOutput Run(CSharpCompilation compilation, IReadOnlyDictionary<string, string>? buildProperties = null)
    {
        var driver = Driver(buildProperties).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorOutput(driver.GetRunResult(), output, generatorDiagnostics);
    }

    public static GeneratorOutput Run(string source, IReadOnlyDictionary<string, string>? buildProperties = null, string fileName = "Experiment.cs") =>
        Run(Compilation(source, fileName), buildProperties);

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The trusted platform assemblies are the runtime plus this app's own dependencies (Experiments, xunit).
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Where(p => !Path.GetFileName(p).StartsWith("Experiments.Generator", StringComparison.OrdinalIgnoreCase))
            .Append(typeof(ExperimentAttribute).Assembly.Location)
            .Distinct(StringComparer.OrdinalIgnoreCase);
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorOutput(GeneratorDriverRunResult RunResult, Compilation Compilation, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public IReadOnlyDictionary<string, string> Sources => RunResult.Results
        .SelectMany(r => r.GeneratedSources)
        .ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>Diagnostics the generator reported (its own, EXP…).</summary>
    public ImmutableArray<Diagnostic> Diagnostics => RunResult.Diagnostics;

    /// <summary>Errors and warnings of compiling the source together with the generated code.</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems => Compilation.GetDiagnostics()
        .Where(d => d.Severity >= DiagnosticSeverity.Warning)
        .ToList();

    public string Source(string hintName) =>
        Sources.TryGetValue(hintName, out var source)
            ? source
            : throw new global::Xunit.Sdk.XunitException($"No generated file '{hintName}'; generated: {string.Join(", ", Sources.Keys)}");
}
