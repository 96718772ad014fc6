using System.Reflection;
using System.Runtime.Loader;
using Experiments.Registry;
using Microsoft.CodeAnalysis;

namespace Experiments.Generator.Tests.Infrastructure;

/// <summary>
/// Compiles a sample with the generator against the real Experiments assembly, loads it into a collectible load
/// context (Experiments itself resolves to the copy this test process uses, so the registry is shared) and hands out
/// its registered experiments.
/// </summary>
internal sealed class InMemoryAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;

    private InMemoryAssembly(AssemblyLoadContext context, Assembly assembly)
    {
        _context = context;
        Assembly = assembly;
    }

    public Assembly Assembly { get; }

    /// <summary>Compiles and loads <paramref name="source"/>; fails the test with the compiler's messages on any error.</summary>
    public static InMemoryAssembly Build(string source, string assemblyName)
    {
        var output = GeneratorHarness.Run(GeneratorHarness.Compilation(source, assemblyName: assemblyName));
        var errors = output.Diagnostics.Concat(output.CompilationProblems).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The sample does not compile:\n" + string.Join("\n", errors));

        using var image = new MemoryStream();
        var emitted = output.Compilation.Emit(image, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        var context = new AssemblyLoadContext(assemblyName, isCollectible: true);
        return new InMemoryAssembly(context, context.LoadFromStream(image));
    }

    /// <summary>The registered experiment of that name (registration runs the module initializer).</summary>
    public GeneratedExperiment Experiment(string name)
    {
        ExperimentRegistry.EnsureRegistered(Assembly);
        var experiment = ExperimentRegistry.Find(name);
        Assert.NotNull(experiment);
        Assert.Same(Assembly, experiment.GetType().Assembly);
        return experiment;
    }

    public void Dispose() => _context.Unload();
}
