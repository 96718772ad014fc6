using Experiments.Registry;
using Experiments.Tool.Errors;

namespace Experiments.Tool.Selection;

/// <summary>
/// Finds experiments by the names users type: the full name (<c>Samples.PhaseTransition.Run</c>) or any suffix that
/// starts at a name boundary and is unique (<c>PhaseTransition.Run</c>, <c>Run</c>).
/// </summary>
public static class ExperimentMatcher
{
    public static ExperimentDescriptor Match(IReadOnlyList<ExperimentDescriptor> experiments, string pattern)
    {
        var trimmed = pattern.Trim();
        if (trimmed.Length == 0)
            throw new UserException("An experiment name is empty.", ValidNames(experiments));

        var exact = experiments.FirstOrDefault(e => e.Name == trimmed);
        if (exact is not null)
            return exact;

        var bySuffix = experiments.Where(e => IsSuffixAtBoundary(e.Name, trimmed)).ToArray();
        if (bySuffix.Length == 1)
            return bySuffix[0];
        if (bySuffix.Length > 1)
        {
            throw new UserException(
                $"'{trimmed}' matches {bySuffix.Length} experiments; use a longer suffix or the full name:",
                bySuffix.Select(e => e.Name).ToArray());
        }

        var ignoringCase = experiments
            .Where(e => e.Name.Equals(trimmed, StringComparison.OrdinalIgnoreCase) || IsSuffixAtBoundary(e.Name, trimmed, StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Name)
            .ToArray();
        var hint = ignoringCase.Length > 0 ? $" Names are case-sensitive; did you mean {string.Join(" or ", ignoringCase)}?" : "";
        throw new UserException($"Unknown experiment '{trimmed}'.{hint} The experiments in this project are:", ValidNames(experiments));
    }

    /// <summary>The experiments a list of names selects, in manifest order, each once.</summary>
    public static IReadOnlyList<ExperimentDescriptor> MatchAll(IReadOnlyList<ExperimentDescriptor> experiments, IReadOnlyList<string> patterns)
    {
        if (patterns.Count == 0)
            return experiments;
        var chosen = patterns.Select(p => Match(experiments, p)).ToHashSet();
        return experiments.Where(chosen.Contains).ToArray();
    }

    private static bool IsSuffixAtBoundary(string name, string suffix, StringComparison comparison = StringComparison.Ordinal) =>
        name.Length > suffix.Length
        && name.EndsWith(suffix, comparison)
        && name[name.Length - suffix.Length - 1] is '.' or '+';

    private static string[] ValidNames(IReadOnlyList<ExperimentDescriptor> experiments) =>
        experiments.Select(e => e.Name).ToArray();
}
