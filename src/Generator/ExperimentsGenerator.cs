using System.Collections.Immutable;
using System.Linq;
using Experiments.Generator.Diagnostics;
using Experiments.Generator.Emitting;
using Experiments.Generator.Model;
using Experiments.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace Experiments.Generator;

/// <summary>
/// Finds [Experiment] methods and generates their registry, result writers, manifest and (when enabled) the entry
/// point. This file only wires the pipeline: parsing is in Parsing/, the equatable model in Model/, emitting in
/// Emitting/. Source is emitted from the model alone, so edits that do not change a model leave the output cached;
/// diagnostics travel in their own output, with their real locations, so #pragma can suppress them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ExperimentsGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the step that parses each method (spec and diagnostics).</summary>
    public const string ParseStep = "ExperimentParse";

    /// <summary>Tracking name of the step that yields each experiment's equatable spec: cached across equivalent edits.</summary>
    public const string SpecStep = "ExperimentSpec";

    /// <summary>Tracking name of the step that combines all specs with the project's settings, the input of emission.</summary>
    public const string EmitInputStep = "ExperimentsEmitInput";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var knownTypes = context.CompilationProvider.Select((compilation, _) => new KnownTypeSymbols(compilation));
        var buildProperties = context.AnalyzerConfigOptionsProvider.Select((provider, _) => BuildProperties.Read(provider));
        var projectDirectory = buildProperties.Select((properties, _) => properties.ProjectDirectory);
        var facts = context.CompilationProvider.Combine(buildProperties)
            .Select((pair, _) => CompilationFacts.Read(pair.Left, pair.Right.RootNamespace));
        var options = facts.Combine(buildProperties).Select((pair, _) => new GenerationOptions(
            pair.Left.AssemblyName,
            pair.Right.DiscoveryLimit ?? BuildProperties.DefaultDiscoveryLimit,
            pair.Right.GenerateEntryPoint && pair.Left.IsExecutable,
            pair.Right.EntryPointNamespace,
            pair.Left.HasConsoleRunner,
            pair.Left.HasTestingPlatform,
            pair.Right.TestingPlatformFirst));

        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownTypeSymbols.ExperimentAttributeName, static (_, _) => true, static (ctx, _) => ctx)
            .Combine(knownTypes)
            .Combine(projectDirectory)
            .Select((input, cancellationToken) => ExperimentParser.Parse(input.Left.Left, input.Left.Right, input.Right, cancellationToken))
            .WithTrackingName(ParseStep);

        var specs = parsed
            .Select((result, _) => result.Spec)
            .WithTrackingName(SpecStep);

        var emitInput = specs
            .Collect()
            .Select((all, _) => all.Where(s => s is not null).Select(s => s!).ToImmutableEquatableArray())
            .Combine(options)
            .WithTrackingName(EmitInputStep);

        context.RegisterSourceOutput(emitInput, static (spc, input) =>
        {
            foreach (var (hintName, source) in Emitter.Emit(input.Left, input.Right))
                spc.AddSource(hintName, source);
        });

        context.RegisterSourceOutput(options, static (spc, generation) =>
        {
            if (generation.GenerateEntryPoint)
                spc.AddSource(EntryPointEmitter.HintName, EntryPointEmitter.Emit(generation));
        });

        context.RegisterSourceOutput(parsed.Select((result, _) => result.Diagnostics), static (spc, diagnostics) =>
        {
            foreach (var diagnostic in diagnostics)
                spc.ReportDiagnostic(diagnostic);
        });

        context.RegisterSourceOutput(parsed.Collect(), static (spc, results) =>
        {
            foreach (var diagnostic in DuplicateNames.Find(results))
                spc.ReportDiagnostic(diagnostic);
            foreach (var diagnostic in ResultsFiles.FindShared(results))
                spc.ReportDiagnostic(diagnostic);
        });

        context.RegisterSourceOutput(buildProperties, static (spc, properties) =>
        {
            if (properties.DiscoveryLimit is null)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidDiscoveryLimit, Location.None,
                    properties.DiscoveryLimitText, BuildProperties.DefaultDiscoveryLimit));
            }
        });
    }
}
