using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Experiments.Generator.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Experiments.Generator.Parsing;

/// <summary>
/// Each experiment's results file is <c>{simple type name}.{method}.results.json</c> beside its source file (the tool's
/// rule, in Experiments.Schema.ResultsFile.FileNameFor). Two experiments with that same name in one folder — a class
/// of one name in two namespaces — would share one file, and each run would mark the other's points stale; that is a
/// compile-time error at both methods. Needs every experiment at once, so it runs after the pipeline's Collect.
/// </summary>
internal static class ResultsFiles
{
    /// <param name="typeFullName">The declaring type's full name, nested types joined with '+'.</param>
    /// <param name="filePath">The declaring file's path as the compiler has it.</param>
    public static string PathOf(string typeFullName, string methodName, string filePath)
    {
        var simple = typeFullName.Substring(typeFullName.LastIndexOf('.') + 1).Replace('+', '.');
        var file = filePath.Replace('\\', '/');
        var slash = file.LastIndexOf('/');
        var folder = slash < 0 ? "" : file.Substring(0, slash + 1);
        return folder + simple + "." + methodName + ".results.json";
    }

    public static IEnumerable<Diagnostic> FindShared(ImmutableArray<ParseResult> results)
    {
        // Case-insensitive: on Windows and macOS, names that differ only in case are one file.
        var groups = results
            .Where(r => r.Name is not null && r.ResultsFile is not null)
            .GroupBy(r => r.ResultsFile!, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count() > 1);
        foreach (var group in groups)
        {
            var fileName = group.Key.Substring(group.Key.LastIndexOf('/') + 1);
            foreach (var result in group)
            {
                var others = string.Join(", ", group.Where(r => r.Name != result.Name).Select(r => "'" + r.Name + "'").Distinct());
                yield return Diagnostic.Create(DiagnosticDescriptors.SharedResultsFile, result.NameLocation ?? Location.None,
                    result.Name, fileName, others);
            }
        }
    }
}
