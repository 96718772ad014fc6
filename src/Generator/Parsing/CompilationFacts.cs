using Microsoft.CodeAnalysis;

namespace Experiments.Generator.Parsing;

/// <summary>What the emitter needs to know about the compilation itself, as an equatable record.</summary>
/// <param name="IsExecutable">The project builds an executable, so it may have an entry point.</param>
/// <param name="HasConsoleRunner">xunit's in-process console runner is referenced.</param>
/// <param name="HasTestingPlatform">xunit's Microsoft Testing Platform adapter is referenced and the platform's generated
/// SelfRegisteredExtensions class is in the root namespace, where xunit's entry point (and so ours) refers to it.</param>
internal sealed record CompilationFacts(string AssemblyName, bool IsExecutable, bool HasConsoleRunner, bool HasTestingPlatform)
{
    public static CompilationFacts Read(Compilation compilation, string rootNamespace) => new(
        compilation.AssemblyName ?? "",
        compilation.Options.OutputKind is OutputKind.ConsoleApplication or OutputKind.WindowsApplication,
        compilation.GetTypeByMetadataName("Xunit.Runner.InProc.SystemConsole.ConsoleRunner") is not null,
        compilation.GetTypeByMetadataName("Xunit.MicrosoftTestingPlatform.TestPlatformTestFramework") is not null
            && compilation.GetTypeByMetadataName(rootNamespace.Length == 0 ? "SelfRegisteredExtensions" : rootNamespace + ".SelfRegisteredExtensions") is not null);
}
