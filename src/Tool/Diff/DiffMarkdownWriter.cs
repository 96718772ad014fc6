namespace Experiments.Tool.Diff;

/// <summary>The diff as markdown for a pull-request comment: a heading per experiment, the summary, and a table of changes.</summary>
public static class DiffMarkdownWriter
{
    public static void Write(TextWriter output, IReadOnlyList<ExperimentDiff> diffs)
    {
        var first = true;
        foreach (var diff in diffs)
        {
            if (!first)
                output.WriteLine();
            first = false;
            output.WriteLine($"### {Escape(diff.Experiment)}");
            output.WriteLine();
            if (!diff.HasChanges)
            {
                output.WriteLine($"No differences between `{diff.From}` and `{diff.To}` in `{diff.File}`.");
                continue;
            }
            output.WriteLine($"`{diff.From}` → `{diff.To}` in `{diff.File}`:");
            output.WriteLine();
            foreach (var summary in diff.Summary)
                output.WriteLine($"- {Escape(ChangeSummaries.Sentence(summary))}");
            output.WriteLine();
            output.WriteLine("| point | change | from | to |");
            output.WriteLine("|---|---|---|---|");
            foreach (var change in diff.Changes.Take(DiffTextWriter.MaxListedPoints))
            {
                foreach (var (what, from, to) in PointChangeText.Entries(change))
                    output.WriteLine($"| `{Escape(change.Key)}` | {Escape(what)} | {Escape(from)} | {Escape(to)} |");
            }
            if (diff.Changes.Count > DiffTextWriter.MaxListedPoints)
            {
                output.WriteLine();
                output.WriteLine($"… and {diff.Changes.Count - DiffTextWriter.MaxListedPoints} more points (`--format json` lists every one).");
            }
        }
    }

    /// <summary>Table cells cannot hold '|' or line breaks; the rest of markdown's syntax is harmless in them.</summary>
    private static string Escape(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
