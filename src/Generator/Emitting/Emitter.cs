using System;
using System.Collections.Generic;
using System.Linq;
using Experiments.Generator.Model;
using Experiments.Generator.Parsing;

namespace Experiments.Generator.Emitting;

/// <summary>Turns the specs of a compilation into generated files: one per experiment, the shared result writers, the
/// registration and the manifest. Works from the model alone.</summary>
internal static class Emitter
{
    public static IReadOnlyList<(string HintName, string Source)> Emit(ImmutableEquatableArray<ExperimentSpec> specs, GenerationOptions options)
    {
        return InvariantCulture.Run(() => EmitInvariant(specs, options));
    }

    private static IReadOnlyList<(string, string)> EmitInvariant(ImmutableEquatableArray<ExperimentSpec> specs, GenerationOptions options)
    {
        // Experiments sharing a name are reported (EXP011) and left out: registering either would be a guess.
        var experiments = specs
            .GroupBy(s => s.Name, StringComparer.Ordinal)
            .Where(g => g.Count() == 1)
            .Select(g => g.First())
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        var files = new List<(string, string)>();
        if (experiments.Count == 0)
            return files;

        var names = GeneratedNames.Assign(experiments);
        var writers = new ResultWritersEmitter(experiments);
        for (var i = 0; i < experiments.Count; i++)
            files.Add((names[i].HintName, ExperimentClassEmitter.Emit(experiments[i], names[i].ClassName, writers)));
        if (writers.Emit() is { } writerSource)
            files.Add(("Experiments.ResultWriters.g.cs", writerSource));
        files.Add((RegistrationEmitter.HintName, RegistrationEmitter.Emit(names.Select(n => n.ClassName), options.DiscoveryLimit)));
        files.Add((ManifestEmitter.HintName, ManifestEmitter.Emit(experiments, options.AssemblyName)));
        return files;
    }
}
