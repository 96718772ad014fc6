using System.Text.RegularExpressions;

namespace Experiments.Packaging.Tests.Package.XunitVersions;

/// <summary>
/// The per-test lines <c>dotnet test</c> prints with detailed output: <c>  Passed Name [12 ms]</c> on VSTest,
/// <c>passed Name (12ms)</c> on Microsoft.Testing.Platform.
/// </summary>
internal static partial class TestOutcomes
{
    public sealed record Outcome(string Result, string DisplayName);

    /// <summary>Every reported test whose display name starts with <paramref name="prefix"/>; results in lower case.</summary>
    public static IReadOnlyList<Outcome> Read(string output, string prefix) =>
        OutcomeLine().Matches(output)
            .Select(m => new Outcome(m.Groups["result"].Value.ToLowerInvariant(), m.Groups["name"].Value.TrimEnd()))
            .Where(o => o.DisplayName.StartsWith(prefix, StringComparison.Ordinal))
            .ToArray();

    /// <summary>The names <c>dotnet test --list-tests</c> printed (indented lines) that start with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<string> Listed(string output, string prefix) =>
        output.Split('\n')
            .Where(line => line.Length > 0 && char.IsWhiteSpace(line[0]))
            .Select(line => line.Trim())
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .ToArray();

    [GeneratedRegex(@"^\s*(?<result>Passed|Failed|Skipped|passed|failed|skipped) (?<name>.+?)(?: \[[^\]]*\]| \([^)]*\))?\r?$", RegexOptions.Multiline)]
    private static partial Regex OutcomeLine();
}
