using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Experiments.Generator.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Experiments.Generator.Parsing;

/// <summary>Experiment names must be unique in an assembly: a name is how the tool, the results file and the registry
/// find an experiment. Needs every experiment at once, so it runs after the pipeline's Collect.</summary>
internal static class DuplicateNames
{
    public static IEnumerable<Diagnostic> Find(ImmutableArray<ParseResult> results)
    {
        var groups = results
            .Where(r => r.Name is not null)
            .GroupBy(r => r.Name!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1);
        foreach (var group in groups)
        {
            var methods = string.Join(", ", group.Select(r => r.MethodDisplay));
            foreach (var result in group)
            {
                yield return Diagnostic.Create(DiagnosticDescriptors.DuplicateName, result.NameLocation ?? Location.None,
                    group.Key, group.Count(), methods);
            }
        }
    }
}
