using System;
using System.Collections.Generic;
using System.Text;
using Experiments.Generator.Model;

namespace Experiments.Generator.Emitting;

/// <summary>
/// The class name and hint name of each experiment's generated file. Both derive from the declaring type and method,
/// and get a numeric suffix when two experiments would collide (overloads with different [Experiment(Name)]s, or
/// types whose names differ only in characters an identifier cannot hold).
/// </summary>
internal static class GeneratedNames
{
    public static IReadOnlyList<(string ClassName, string HintName)> Assign(IReadOnlyList<ExperimentSpec> experiments)
    {
        var classNames = new HashSet<string>(StringComparer.Ordinal);
        // Hint names become file names; treat them case-insensitively so they never clash on Windows or macOS.
        var hintNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<(string, string)>(experiments.Count);
        foreach (var experiment in experiments)
        {
            var className = Unique(Identifier(experiment.TypeName + "_" + experiment.MethodName) + "_Experiment", "_", classNames);
            var hintName = Unique(FileName(experiment.TypeName + "." + experiment.MethodName) + ".Experiment", ".", hintNames) + ".g.cs";
            result.Add((className, hintName));
        }
        return result;
    }

    private static string Unique(string name, string separator, HashSet<string> taken)
    {
        var candidate = name;
        for (var n = 2; !taken.Add(candidate); n++)
            candidate = name + separator + n;
        return candidate;
    }

    private static string Identifier(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
            sb.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        return sb.ToString();
    }

    private static string FileName(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
            sb.Append(c < 128 && (char.IsLetterOrDigit(c) || c is '.' or '_' or '-' or '+') ? c : '_');
        return sb.ToString();
    }
}
