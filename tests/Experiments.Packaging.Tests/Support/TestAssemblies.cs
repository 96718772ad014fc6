using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Experiments.Packaging.Tests.Support;

/// <summary>Compiles C# source to a DLL on disk, for tests that read assemblies as the build would produce them.</summary>
internal static class TestAssemblies
{
    private static readonly Lazy<MetadataReference[]> FrameworkReferences = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray());

    public static string Compile(string directory, string assemblyName, string source)
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source)],
            FrameworkReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, deterministic: true));
        var path = Path.Combine(directory, assemblyName + ".dll");
        using (var stream = File.Create(path))
        {
            var result = compilation.Emit(stream);
            if (!result.Success)
                throw new InvalidOperationException("Test source does not compile:\n" + string.Join("\n", result.Diagnostics));
        }
        return path;
    }

    /// <summary>The class the generator emits, holding <paramref name="json"/>, as C# source.</summary>
    public static string ManifestClass(string json) => $$"""
        namespace Experiments.Generated
        {
            internal static class ExperimentsManifest
            {
                public const string Json = {{SymbolDisplay.FormatLiteral(json, quote: true)}};
            }
        }
        """;
}
