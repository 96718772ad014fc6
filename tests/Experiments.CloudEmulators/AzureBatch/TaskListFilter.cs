using System.Text.RegularExpressions;

namespace Experiments.CloudEmulators.AzureBatch;

/// <summary>
/// The part of OData <c>$filter</c> the emulator understands for task lists: comparisons
/// <c>state|id|executionInfo/result eq|ne 'value'</c> joined by <c>and</c> / <c>or</c> (and binds tighter).
/// </summary>
internal static partial class TaskListFilter
{
    public const string Supported = "comparisons of state, id or executionInfo/result with eq or ne and a quoted value, joined by and / or";

    /// <summary>The predicate, or null with <paramref name="error"/> set when the filter is outside what is supported.</summary>
    public static Func<AzureTask, bool>? Parse(string filter, out string? error)
    {
        error = null;
        var alternatives = new List<List<Func<AzureTask, bool>>>();
        foreach (var alternative in Regex.Split(filter.Trim(), @"\s+or\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
        {
            var terms = new List<Func<AzureTask, bool>>();
            foreach (var term in Regex.Split(alternative, @"\s+and\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            {
                var match = Comparison().Match(term.Trim().Trim('(', ')'));
                if (!match.Success)
                {
                    error = $"The $filter term '{term}' is not supported; supported: {Supported}.";
                    return null;
                }
                var field = match.Groups["field"].Value;
                var equal = match.Groups["op"].Value == "eq";
                var value = match.Groups["value"].Value;
                Func<AzureTask, string?> read = field switch
                {
                    "state" => t => t.State,
                    "id" => t => t.Id,
                    _ => t => t.Result,
                };
                terms.Add(t => string.Equals(read(t), value, StringComparison.OrdinalIgnoreCase) == equal);
            }
            alternatives.Add(terms);
        }
        return task => alternatives.Any(all => all.All(term => term(task)));
    }

    [GeneratedRegex(@"^(?<field>state|id|executionInfo/result)\s+(?<op>eq|ne)\s+'(?<value>[^']*)'$", RegexOptions.CultureInvariant)]
    private static partial Regex Comparison();
}
